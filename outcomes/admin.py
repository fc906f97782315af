from django.contrib import admin

from .models import OutcomeDocument, Paragraph, ParagraphChange, Proposal, Revision, Section, SymbolCounter, Translation


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "heading", "numbered", "removed_at"]
    readonly_fields = ["removed_at"]


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "symbol", "state"]
    list_filter = ["meeting", "kind", "state"]
    search_fields = ["title", "symbol"]
    readonly_fields = ["wp_number", "symbol", "state", "adopted_at", "published_at", "created_by"]
    filter_horizontal = ["drafters", "sponsors"]
    inlines = [SectionInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    # Text changes go through the workspace, which keeps the history and refuses stale saves.
    list_display = ["__str__", "document", "kind", "status", "removed_at"]
    list_filter = ["document__meeting", "kind", "status"]
    readonly_fields = [f.name for f in Paragraph._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "document", "kind", "created_at"]
    list_filter = ["kind", "document__meeting"]
    readonly_fields = [f.name for f in Revision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["document", "delegation", "kind", "status", "created_at"]
    list_filter = ["status", "kind", "document__meeting"]
    readonly_fields = [f.name for f in Proposal._meta.fields]


admin.site.register(ParagraphChange)
admin.site.register(SymbolCounter)
admin.site.register(Translation)
