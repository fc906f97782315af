from django import forms

from ccm_portal.forms import Crispy

from .models import ReportParticulars


class ParticularsForm(Crispy, forms.ModelForm):
    class Meta:
        model = ReportParticulars
        fields = ["president", "rules_of_procedure_symbol"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_helper()


def confirmed_versions(data) -> dict[int, int]:
    """The paragraphs a user confirmed to overwrite, as {pk: version seen}, from "pk:version" values."""
    confirmed = {}
    for value in data.getlist("overwrite"):
        pk, _sep, version = str(value).partition(":")
        if pk.isdigit() and version.isdigit() and len(pk) < 19 and len(version) < 10:
            confirmed[int(pk)] = int(version)
    return confirmed
