"""Form pieces every app's forms share."""

from django import forms

# Dates read and shown as dd/mm/yyyy whatever the browser's locale: an <input type="date"> shows the browser's own
# order (mm/dd/yyyy on an English system), which officers misread. ISO is still read (programs, older pages).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DMY_DATE = forms.DateInput(
    attrs={
        "placeholder": "dd/mm/yyyy",
        "inputmode": "numeric",
        "size": 10,
    },
    format="%d/%m/%Y",
)
