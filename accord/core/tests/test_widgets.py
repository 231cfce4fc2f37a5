"""The searchable select widgets: a form opts in with one line, the plain select is kept."""

import re

import pytest
from django import forms
from django.utils import translation

from accord.core.widgets import PlainSelect, SearchableSelect, SearchableSelectMultiple
from accord.governance.forms import ForumMemberForm
from accord.measures.forms import PrivateMeasureForm
from accord.objectives.forms import ObjectiveForm
from accord.plans.forms import BusinessCaseForm, TeamMemberForm

CHOICES = [("1", "Harbour Logistics"), ("2", "Harbour Steel Works")]


class PickForm(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, widget=SearchableSelect, help_text="Pick one.")
    several = forms.MultipleChoiceField(choices=CHOICES, widget=SearchableSelectMultiple)


def test_the_widgets_render_a_plain_select_with_the_opt_in_attribute():
    form = PickForm(initial={"several": ["2"]})
    one, several = str(form["one"]), str(form["several"])
    assert one.startswith('<select name="one" data-searchable ')
    assert 'aria-describedby="id_one_helptext"' in one  # the help text stays linked
    assert several.startswith('<select name="several" data-searchable ')
    assert " multiple" in several
    assert '<option value="2" selected>Harbour Steel Works</option>' in several
    assert 'data-searchable-placeholder="Type to search…"' in several
    assert 'data-searchable-no-results="Nothing matches."' in several


def test_the_texts_it_passes_to_the_script_follow_the_language():
    with translation.override("fr"):
        html = str(PickForm()["several"])
    assert 'data-searchable-placeholder="Tapez pour chercher…"' in html
    assert 'data-searchable-no-results="Rien ne correspond."' in html
    assert 'data-searchable-remove="Supprimer"' in html


@pytest.mark.django_db
def test_the_long_lists_of_people_and_register_entries_are_searchable(world):
    w = world
    assert isinstance(
        BusinessCaseForm(organization=w.brightwave).fields["candidates"].widget, SearchableSelectMultiple
    )
    assert isinstance(TeamMemberForm(organization=w.brightwave).fields["user"].widget, SearchableSelect)
    forum_form = ForumMemberForm(collaboration=w.collaboration, organization=w.brightwave)
    assert isinstance(forum_form.fields["user"].widget, SearchableSelect)
    objective_form = ObjectiveForm(organization=w.brightwave)
    assert isinstance(objective_form.fields["relationship"].widget, SearchableSelect)
    assert isinstance(objective_form.fields["owner"].widget, SearchableSelect)
    assert isinstance(
        PrivateMeasureForm(organization=w.brightwave).fields["relationship"].widget, SearchableSelect
    )


def test_widget_attributes_are_written_exactly_as_django_writes_them():
    """accord/templates overrides Django's attrs.html and select.html with one tag instead of a
    template loop (speed): the markup must not change."""
    from django import forms
    from django.forms.renderers import DjangoTemplates, TemplatesSetting
    from django.utils.safestring import mark_safe

    class Sample(forms.Form):
        name = forms.CharField(
            max_length=20,
            widget=forms.TextInput(
                attrs={
                    "placeholder": 'He said "<b>hi</b>" & left',
                    "data-n": 0,
                    "data-one": 1,
                    "hidden": False,
                }
            ),
        )
        note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-safe": mark_safe("a&amp;b")}))
        kind = forms.ChoiceField(
            choices=[("", "---"), ("a", "A & B"), ("Group", [("g1", "<One>"), ("g2", "Two")])],
            widget=forms.Select(attrs={"autofocus": True, "aria-describedby": "x y"}),
        )
        many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], initial=["2"])
        agree = forms.BooleanField(required=False, initial=True)

    def same_layout(html: str) -> str:
        # Our select.html writes its options inline: the same markup, other line breaks.
        return re.sub(r">\s+<", "><", str(html)).strip()

    form = Sample(initial={"kind": "g1"})
    for name in form.fields:
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()
        stock = form[name].as_widget()
        form.renderer = TemplatesSetting()
        assert same_layout(ours) == same_layout(stock), name
        assert 'data-n="0"' in ours or name != "name"


@pytest.mark.parametrize("value", [None, "2", "9"])
def test_plain_select_writes_the_select_templates_markup(value):
    """The SER choice's select, written in Python, says what the select template says."""
    choices = [("1", "Ann <CEO>"), ("2", "Bob & co"), ("2", "Twice"), ("3", 'Say "hi"')]
    attrs = {"id": "id_ser", "required": True, "disabled": False}
    plain = PlainSelect(choices=choices).render("ser", value, attrs)
    usual = forms.Select(choices=choices).render("ser", value, attrs)
    assert re.sub(r">\s+<", "><", plain) == re.sub(r">\s+<", "><", usual)
    assert ("selected" in plain) == (value == "2")
