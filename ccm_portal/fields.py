"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

from ccm_portal.params import parse_id


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses anything but ids before it queries.

    Django's own field checks each value with an exact lookup, which tolerates a number
    over 64 bits, then looks them all up with `pk__in`, which SQLite cannot bind
    (OverflowError, a 500). A value that is not an id is an invalid choice, like any other.
    """

    def _check_values(self, value):
        if self.to_field_name in (None, "pk", "id"):
            for item in value:
                if parse_id(item if isinstance(item, int) else str(item)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super()._check_values(value)
