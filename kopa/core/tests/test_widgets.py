from django import forms

from kopa.core.widgets import FastSelect, FastSelectMultiple


class _Form(forms.Form):
    one = forms.ChoiceField(choices=[("", "---"), ("SI", "Slovenia"), ("LV", "Latvia & <Riga>")], widget=FastSelect)
    many = forms.MultipleChoiceField(choices=[("sl", "Slovenian"), ("lv", "Latvian")], widget=FastSelectMultiple)


def test_fast_select_renders_same_options_as_django_with_selection_and_escaping():
    html = str(_Form({"one": "LV", "many": ["sl", "lv"]})["one"])
    assert html.startswith('<select name="one" id="id_one"') or 'name="one"' in html
    assert '<option value="LV" selected>Latvia &amp; &lt;Riga&gt;</option>' in html
    assert '<option value="SI">Slovenia</option>' in html


def test_fast_select_multiple_marks_every_chosen_value():
    html = str(_Form({"one": "SI", "many": ["sl", "lv"]})["many"])
    assert "<select multiple" in html and 'id="id_many"' in html
    assert html.count(" selected>") == 2


def test_fast_select_keeps_aria_attributes_given_at_render_time():
    bound = _Form({"one": "XX", "many": []})
    bound.is_valid()
    html = bound["one"].as_widget(attrs={"aria-invalid": "true", "aria-describedby": "id_one_errors"})
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_one_errors"' in html
