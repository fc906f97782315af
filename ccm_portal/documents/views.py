"""The meeting's documents: the public list, one document, its files, the feed, the CSV; the secretariat's register."""

import csv
import io
from typing import NamedTuple

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm_portal.access import PUBLIC, rule
from ccm_portal.concurrency import ConcurrentEditError
from ccm_portal.downloads import download, stored_file
from ccm_portal.tables import page_of

from . import forms, loaders, sections, selectors, services
from .models import MATRIX_LANGUAGES, Document

PER_PAGE = 25
MANAGE = "documents.manage_register"


def _rows(documents) -> list:
    for document in documents:
        document.cells = selectors.matrix(document)
    return documents


class ShownSection(NamedTuple):
    section: sections.Section
    page: Page


def _filtered(request, meeting):
    """The page's filter form, its valid filters, and the other apps' sections with the rows those filters keep.

    The sections are read before the form is made: their rows' agenda items join the filter's choices.
    """
    found = sections.sections_of(meeting)
    items = selectors.agenda_items(meeting, more=sections.agenda_items(found))
    form = forms.FilterForm(request.GET or None, agenda_items=items)
    filters = form.values() if request.GET else {}
    kept = [section.filtered(**filters) for section in found]
    return form, filters, [section for section in kept if section is not None and section.rows]


@rule(PUBLIC, load=loaders.meeting)
def document_list(request, meeting, slug):
    """Every issued document of the meeting, filtered, searched, in symbol order, 25 a page; then the
    statements, reports ... that other apps hold for it (ccm_portal/documents/sections.py), each in
    pages of 25 of its own."""
    form, filters, found = _filtered(request, meeting)
    page = Paginator(selectors.public_documents(meeting, **filters), PER_PAGE).get_page(request.GET.get("page"))
    _rows(page.object_list)
    shown = [
        ShownSection(
            section, page_of(list(section.rows), request.GET.get(section.page_field), field=section.page_field)
        )
        for section in found
    ]
    return render(
        request,
        "documents/document_list.html",
        {
            "meeting": meeting,
            "form": form,
            "page": page,
            "sections": shown,
            "languages": MATRIX_LANGUAGES,
            "filtered": any(filters.values()),
        },
    )


@rule(PUBLIC, load=loaders.public_document)
def document_detail(request, document, slug, symbol_path):
    return render(
        request,
        "documents/document_detail.html",
        {
            "meeting": document.meeting,
            "document": document,
            "cells": selectors.matrix(document),
            **selectors.lineage(document),
        },
    )


def _file_name(document: Document, language: str) -> str:
    return f"{document.symbol.replace('/', '_')}_{language.upper()}.pdf"


@rule(PUBLIC, load=loaders.public_file)
def document_file(request, row, slug, symbol_path, language):
    """The stored PDF, as issued: never rendered on the visitor's request."""
    return stored_file(row.file, filename=_file_name(row.document, language))


class DocumentFeed(Feed):
    """An Atom feed of the meeting's newly issued documents, the latest 50."""

    feed_type = Atom1Feed

    def get_object(self, request, meeting):
        self.request = request
        return meeting

    def title(self, meeting):
        return _("Documents of the %(meeting)s") % {"meeting": meeting.title}

    def link(self, meeting):
        return reverse("documents:list", args=[meeting.slug])

    def subtitle(self, meeting):
        return _("Documents issued for the %(meeting)s, the latest first.") % {"meeting": meeting.title}

    def items(self, meeting):
        return (
            Document.objects.issued()
            .filter(meeting=meeting)
            .select_related("meeting")
            .order_by("-issued_at", "-pk")[:50]
        )

    def item_title(self, document):
        return f"{document.symbol}: {document.title}"

    def item_description(self, document):
        return f"{document.get_category_display()} · {document.author}"

    def item_pubdate(self, document):
        return document.issued_at

    def item_updateddate(self, document):
        return document.issued_at

    def item_author_name(self, document):
        return document.author


@rule(PUBLIC, load=loaders.meeting)
def document_feed(request, meeting, slug):
    return DocumentFeed()(request, meeting=meeting)


@rule(PUBLIC, load=loaders.meeting)
def document_csv(request, meeting, slug):
    """The list as CSV, with the same filters as the page: one row per document, a column per language,
    then the rows of the other apps' sections (statements, transparency reports) without a symbol.
    `url` is the document's public page (or the row's page or file)."""
    _form, filters, found = _filtered(request, meeting)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "symbol",
            "title",
            "category",
            "author",
            "agenda_item",
            "distribution",
            "date_of_issue",
            "original_language",
            *[f"file_{code}" for code in MATRIX_LANGUAGES],
            "url",
        ]
    )
    for document in selectors.public_documents(meeting, **filters):
        files = {row.language for row in document.files.all()}
        writer.writerow(
            [
                document.symbol,
                document.title,
                document.get_category_display(),
                document.author,
                " ".join(filter(None, [document.agenda_item_number, document.agenda_item_title])),
                document.get_distribution_display(),
                document.issued_on.isoformat(),
                document.original_language,
                *[
                    request.build_absolute_uri(
                        reverse("documents:file", args=[meeting.slug, document.symbol_path, code])
                    )
                    if code in files
                    else ""
                    for code in MATRIX_LANGUAGES
                ],
                request.build_absolute_uri(document.get_absolute_url()),
            ]
        )
    for section in found:
        category = Document.Category(section.category).label
        for row in section.rows:
            writer.writerow(
                [
                    "",
                    row.title,
                    category,
                    row.author,
                    " ".join(filter(None, [row.agenda_item_number, row.agenda_item_title])),
                    "",
                    row.day.isoformat() if row.day else "",
                    row.language,
                    *[
                        request.build_absolute_uri(row.file_url) if row.file_url and row.language == code else ""
                        for code in MATRIX_LANGUAGES
                    ],
                    request.build_absolute_uri(row.url),
                ]
            )
    return download(
        out.getvalue().encode("utf-8-sig"),
        filename=f"{meeting.slug}-documents.csv",
        content_type="text/csv; charset=utf-8",
    )


# The secretariat's register -------------------------------------------------------------


@rule(MANAGE, load=loaders.meeting)
@require_http_methods(["GET", "POST"])
def register(request, meeting, slug):
    """The whole register, reserved numbers included, and the form that reserves or issues the next one."""
    form = forms.ReserveForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_reserve(
                meeting=meeting,
                series=form.cleaned_data["series"],
                by=request.user,
                issue=form.cleaned_data["issue_now"],
                source=form.cleaned_data["source"],
                **form.particulars(),
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            if document.is_issued:
                messages.success(request, _("%(symbol)s is issued.") % {"symbol": document.symbol})
            else:
                messages.success(request, _("%(symbol)s is reserved.") % {"symbol": document.symbol})
            return redirect("documents:manage", slug=meeting.slug, pk=document.pk)
    page = Paginator(selectors.register(meeting), PER_PAGE).get_page(request.GET.get("page"))
    _rows(page.object_list)
    return render(
        request,
        "documents/register.html",
        {"meeting": meeting, "form": form, "page": page, "languages": MATRIX_LANGUAGES},
    )


def _manage_page(request, document, *, edit_form=None, file_form=None, suffix_form=None, status=200):
    meeting = document.meeting
    if not document.is_issued:
        edit_form = edit_form or forms.EditForm(
            instance=document, meeting=meeting, initial={"expected_version": document.version}
        )
    return render(
        request,
        "documents/manage.html",
        {
            "meeting": meeting,
            "document": document,
            "cells": selectors.matrix(document),
            "edit_form": edit_form,
            "file_form": file_form or forms.FileForm(),
            "suffix_form": suffix_form or forms.SuffixForm(),
            "children": document.children.order_by("sort_key"),
        },
        status=status,
    )


@rule(MANAGE, load=loaders.register_document)
@require_http_methods(["GET", "POST"])
def manage(request, document, slug, pk):
    """One document of the register: its particulars (editable until it is issued), files and lineage."""
    if request.method != "POST":
        return _manage_page(request, document)
    form = forms.EditForm(request.POST, instance=Document.objects.get(pk=document.pk), meeting=document.meeting)
    if form.is_valid():
        try:
            services.document_update(
                document=document,
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
                **form.particulars(),
            )
        except (services.DocumentError, ConcurrentEditError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The particulars of %(symbol)s are saved.") % {"symbol": document.symbol})
            return redirect("documents:manage", slug=slug, pk=pk)
    document.refresh_from_db()
    return _manage_page(request, document, edit_form=form, status=400)


@rule(MANAGE, load=loaders.register_document)
@require_http_methods(["GET", "POST"])
def issue(request, document, slug, pk):
    """Issuing cannot be taken back: a confirm page (GET) names the symbol, its form (POST) issues."""
    if document.is_issued:
        messages.info(request, _("%(symbol)s is issued already.") % {"symbol": document.symbol})
        return redirect("documents:manage", slug=slug, pk=pk)
    form = forms.IssueForm(request.POST or None, initial={"expected_version": document.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.document_issue(
                document=document,
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except (services.DocumentError, ConcurrentEditError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(symbol)s is issued.") % {"symbol": document.symbol})
            return redirect("documents:manage", slug=slug, pk=pk)
    return render(
        request,
        "documents/issue.html",
        {"meeting": document.meeting, "document": document, "form": form},
        status=400 if form.errors else 200,
    )


@rule(MANAGE, load=loaders.register_document)
@require_POST
def add_suffix(request, document, slug, pk):
    """Reserve (or issue) a revision, addendum, corrigendum or amendment of this document."""
    form = forms.SuffixForm(request.POST)
    if form.is_valid():
        try:
            child = services.document_reserve_suffix(
                parent=document,
                suffix=form.cleaned_data["suffix"],
                by=request.user,
                issue=form.cleaned_data["issue_now"],
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(symbol)s is reserved.") % {"symbol": child.symbol})
            return redirect("documents:manage", slug=slug, pk=child.pk)
    return _manage_page(request, document, suffix_form=form, status=400)


@rule(MANAGE, load=loaders.register_document)
@require_POST
def upload(request, document, slug, pk):
    """Store the document's PDF in one language (replacing the one there)."""
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_file_store(
                document=document,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except services.DocumentError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The file is stored."))
            return redirect("documents:manage", slug=slug, pk=pk)
    return _manage_page(request, document, file_form=form, status=400)
