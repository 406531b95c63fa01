"""The funders' forms an activity report can follow: which fields each asks for, in which order, and
their labels in the form's own languages.

The labels are the form's data, not Kopa's translations: the Interreg Slovenia–Croatia form (project
2SoKrog) is written in Slovenian, Croatian and English, whatever languages Kopa's pages speak; the
Erasmus+ activity summary is in English. Each label set holds the same keys (`LABEL_KEYS`)."""

from dataclasses import dataclass

# The fields of a report, in the order the longest form asks for them.
FIELDS = ("partner", "project", "activity", "title", "organiser", "date", "place", "start_time", "end_time",
          "participants", "per_day", "per_country", "summary", "photos", "link", "contact")
LABEL_KEYS = (*FIELDS, "heading", "programme", "source", "day", "country", "number", "annex", "annex_number",
              "annex_name", "annex_organisation", "annex_country", "annex_signature", "nobody", "no_photos")


@dataclass(frozen=True)
class FunderForm:
    key: str
    programme: dict[str, str]
    languages: tuple[str, ...]
    fields: tuple[str, ...]
    labels: dict[str, dict[str, str]]  # language: {label key: text}

    def label_set(self, language: str) -> dict[str, str]:
        return self.labels.get(language) or self.labels[self.languages[0]]


INTERREG_2SOKROG = FunderForm(
    key="2sokrog",
    programme={"sl": "Interreg V-A Slovenija–Hrvaška", "hr": "Interreg V-A Slovenija–Hrvatska",
               "en": "Interreg V-A Slovenia–Croatia"},
    languages=("sl", "hr", "en"),
    fields=("partner", "project", "activity", "title", "organiser", "date", "place", "start_time", "end_time",
            "participants", "per_day", "per_country", "summary", "photos", "link", "contact"),
    labels={
        "sl": {
            "heading": "Poročilo o aktivnosti", "programme": "Program", "partner": "Partner",
            "project": "Projekt", "activity": "Aktivnost / delovni sklop", "title": "Naslov dogodka",
            "organiser": "Organizator", "date": "Datum", "place": "Kraj", "start_time": "Ura začetka",
            "end_time": "Ura zaključka", "participants": "Število udeležencev",
            "per_day": "Udeleženci po dnevih", "per_country": "Udeleženci po državah",
            "summary": "Kratek povzetek", "photos": "Fotografije", "link": "Povezava",
            "contact": "Kontaktna oseba", "source": "evidentirani prihodi: %(days)s", "day": "Dan",
            "country": "Država", "number": "Število", "annex": "Priloga: podpisni list",
            "annex_number": "Št.", "annex_name": "Ime in priimek", "annex_organisation": "Organizacija",
            "annex_country": "Država", "annex_signature": "Podpis", "nobody": "Nihče se ni evidentiral.",
            "no_photos": "Brez fotografij.",
        },
        "hr": {
            "heading": "Izvješće o aktivnosti", "programme": "Program", "partner": "Partner",
            "project": "Projekt", "activity": "Aktivnost / radni paket", "title": "Naziv događanja",
            "organiser": "Organizator", "date": "Datum", "place": "Mjesto", "start_time": "Vrijeme početka",
            "end_time": "Vrijeme završetka", "participants": "Broj sudionika",
            "per_day": "Sudionici po danima", "per_country": "Sudionici po državama",
            "summary": "Kratki sažetak", "photos": "Fotografije", "link": "Poveznica",
            "contact": "Kontakt osoba", "source": "evidentirani dolasci: %(days)s", "day": "Dan",
            "country": "Država", "number": "Broj", "annex": "Prilog: potpisna lista",
            "annex_number": "Br.", "annex_name": "Ime i prezime", "annex_organisation": "Organizacija",
            "annex_country": "Država", "annex_signature": "Potpis", "nobody": "Nitko se nije evidentirao.",
            "no_photos": "Bez fotografija.",
        },
        "en": {
            "heading": "Activity report", "programme": "Programme", "partner": "Partner",
            "project": "Project", "activity": "Activity / work package", "title": "Event title",
            "organiser": "Organiser", "date": "Date", "place": "Place", "start_time": "Start time",
            "end_time": "End time", "participants": "Number of participants",
            "per_day": "Participants per day", "per_country": "Participants per country",
            "summary": "Short summary", "photos": "Photos", "link": "Link", "contact": "Contact person",
            "source": "check-ins on %(days)s", "day": "Day", "country": "Country", "number": "Number",
            "annex": "Annex: sign-in sheet", "annex_number": "No.", "annex_name": "Name",
            "annex_organisation": "Organisation", "annex_country": "Country", "annex_signature": "Signature",
            "nobody": "Nobody checked in.", "no_photos": "No photos.",
        },
    },
)

ERASMUS_SUMMARY = FunderForm(
    key="erasmus",
    programme={"en": "Erasmus+"},
    languages=("en",),
    fields=("project", "activity", "title", "organiser", "date", "place", "start_time", "end_time",
            "participants", "per_country", "per_day", "summary", "photos", "link", "contact"),
    labels={"en": {
        **INTERREG_2SOKROG.labels["en"], "heading": "Erasmus+ activity summary",
        "activity": "Activity type / work package", "title": "Activity title",
        "participants": "Participants (distinct people who took part)",
        "per_country": "Participants by country of residence",
    }},
)

FORMS = {form.key: form for form in (INTERREG_2SOKROG, ERASMUS_SUMMARY)}


def funder_form(key: str) -> FunderForm:
    return FORMS[key]
