"""Charts of the funnel and the sentences that say what they show."""

import base64
import io
import re

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML

from django.utils import translation

from kopa.core.documents import STYLESHEET, inline_svg
from kopa.outreach.funnel import charts
from kopa.outreach.funnel.figures import Funnel, StageFigure
from kopa.outreach.funnel.texts import (
    DROP_OFF_TITLES,
    biggest_drop,
    breakdown_summary,
    compare_summary,
    days,
    funnel_summary,
    percent,
)
from kopa.outreach.models import STAGE_ORDER, Stage


def _funnel(*counts, stages=("invited", "responded", "attended", "approved")) -> Funnel:
    """One campaign measuring `stages`; the organisations at a stage are the first `count` of
    those at the stage before (organisations 0, 1, … of campaign 1)."""
    figures, previous = [], None
    for stage, count in zip(stages, counts, strict=True):
        conversion = None if previous is None else (min(count, previous) / previous if previous else None)
        figures.append(StageFigure(stage=stage, label=str(Stage(stage).label), count=count,
                                   conversion=conversion, median_days=None))
        previous = count
    first = {stage: dict.fromkeys(((1, i) for i in range(count)), None)
             for stage, count in zip(stages, counts, strict=True)}
    return Funnel(stages=figures, first=first, measured={stage: {1} for stage in stages})


SLOVENIAN = _funnel(76, 52, 36, 11)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _contrast(hex_colour: str) -> float:
    """WCAG contrast ratio of a colour with white."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_funnel_chart_labels_every_stage_and_its_number():
    texts = _texts(charts.svg(charts.funnel_chart(SLOVENIAN)))

    assert sorted(t for t in texts if not t.isdigit()) == ["Approved", "Attended an event", "Invited", "Responded"]
    assert sorted(int(t) for t in texts if t.isdigit()) == [11, 36, 52, 76]


def test_grouped_bars_carry_their_series_name_so_colour_is_not_needed():
    groups = [("Koroška", _funnel(4, 2, 1, 0)), ("Zasavska", _funnel(3, 3, 0, 0))]

    texts = _texts(charts.svg(charts.breakdown_chart(groups)))

    assert "Invited: 4" in texts and "Attended an event: 0" in texts and "Koroška" in texts


def test_comparison_chart_has_one_labelled_bar_per_cycle_and_stage():
    texts = _texts(charts.svg(charts.compare_chart(names=("2016–2018", "2018–2020"),
                                                   funnels=(SLOVENIAN, _funnel(40, 30, 20, 9)))))

    assert "2016–2018: 76" in texts and "2018–2020: 9" in texts


def test_chart_texts_use_the_dejavu_font_on_screen():
    svg = charts.svg(charts.funnel_chart(SLOVENIAN))

    assert "font-family: 'DejaVu Sans', Verdana, Arial, sans-serif" in svg


def test_bar_colours_stand_out_from_the_white_background():
    assert min(_contrast(colour) for colour in charts.PALETTE) >= 3


def test_latvian_letters_survive_in_the_svg_and_in_a_pdf_drawing():
    groups = [("Jaunieši, kuri nemācās, nestrādā un neapgūst arodu", _funnel(2, 1, 1, 0))]
    drawing = charts.breakdown_chart(groups)

    assert "nestrādā" in charts.svg(drawing)
    html = f'<html lang="lv"><body>{inline_svg(charts.svg(drawing), "Stabiņu diagramma")}</body></html>'
    content = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "nestrādā" in text


def test_image_is_a_base64_svg_with_its_size():
    image = charts.image(charts.funnel_chart(SLOVENIAN))

    assert image["src"].startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(image["src"].split(",", 1)[1]).startswith(b"<?xml")
    assert image["width"] == charts.WIDTH and image["height"] > 0


def test_an_empty_funnel_still_draws():
    assert _texts(charts.svg(charts.funnel_chart(_funnel(0, 0, 0, 0))))


def test_funnel_summary_names_the_share_approved_and_the_biggest_drop_off():
    assert funnel_summary(SLOVENIAN) == (
        "Of 76 organisations invited, 11 reached “Approved” (14%); the biggest drop-off is between "
        "“Attended an event” and “Approved”."
    )


def test_biggest_drop_off_is_where_most_organisations_are_lost():
    drop = biggest_drop(_funnel(100, 40, 35, 30))

    assert (drop[0].stage, drop[1].stage) == ("invited", "responded")


def test_funnel_summary_of_nothing_says_so():
    assert funnel_summary(_funnel(0, 0, 0, 0)) == "No organisation has reached any stage with these filters."


def test_funnel_summary_without_invitations_starts_at_the_first_stage_reached():
    summary = funnel_summary(_funnel(0, 5, 5, 5))

    assert summary == (
        "Of 5 organisations at the stage “Responded”, 5 reached “Approved” (100%), "
        "with no drop-off between the stages."
    )


def test_funnel_summary_of_a_single_stage_counts_it():
    assert funnel_summary(_funnel(1, stages=("invited",))) == "1 organisation reached the stage “Invited”."


def test_breakdown_summary_names_the_best_and_the_worst_group():
    groups = [("Koroška", _funnel(10, 5, 4, 3)), ("Pomurska", _funnel(10, 2, 1, 1)), ("Zasavska", _funnel(0, 1, 0, 0))]

    assert breakdown_summary(groups) == (
        "“Koroška” has the highest share of organisations going from “Invited” to “Approved” (30%), "
        "“Pomurska” the lowest (10%)."
    )


def test_breakdown_summary_with_one_group_names_the_largest():
    assert breakdown_summary([("Koroška", _funnel(4, 2, 0, 0))]) == (
        "The largest group is “Koroška”, with 4 organisations at the stage “Invited”."
    )


def test_compare_summary_gives_each_cycles_share():
    summary = compare_summary(names=("2016–2018", "2018–2020"), funnels=(SLOVENIAN, _funnel(40, 30, 20, 10)))

    assert summary == (
        "In 2016–2018, 11 of 76 organisations at “Invited” reached “Approved” (14%); "
        "in 2018–2020, 10 of 40 (25%)."
    )


def test_compare_summary_of_two_empty_cycles_says_so():
    empty = _funnel(0, 0, 0, 0)

    assert compare_summary(names=("A", "B"), funnels=(empty, empty)) == (
        "Neither cycle has any organisation at any stage with these filters."
    )


def test_percentages_and_days_follow_the_language():
    assert percent(0.1447) == "14%"
    assert percent(None) == ""
    assert days(10.0) == "10 days" and days(1.0) == "1 day" and days(2.5) == "2.5 days"
    with translation.override("sl"):
        assert days(2.5).startswith("2,5")


@pytest.mark.parametrize("language", ["sl", "lv"])
def test_summaries_build_in_slovenian_and_latvian(language):
    groups = [("Koroška", _funnel(10, 5, 4, 3)), ("Pomurska", _funnel(10, 2, 1, 1))]
    with translation.override(language):
        sentences = [
            funnel_summary(SLOVENIAN),
            funnel_summary(_funnel(0, 0, 0, 0)),
            breakdown_summary(groups),
            compare_summary(names=("A", "B"), funnels=(SLOVENIAN, _funnel(0, 0, 0, 0))),
        ]

    assert all(sentence.endswith(".") for sentence in sentences)
    assert "76" in sentences[0] and "Koroška" in sentences[2]


def test_every_pair_of_stages_in_funnel_order_has_a_drop_off_list_name():
    pairs = {(a, b) for i, a in enumerate(STAGE_ORDER) for b in STAGE_ORDER[i + 1:]}

    assert set(DROP_OFF_TITLES) == pairs
