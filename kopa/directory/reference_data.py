"""Programme-wide reference data: the Inclusion & Diversity barrier categories, NEET, themes, languages."""

TARGET_GROUPS = [
    # code, parent, en, sl, lv
    ("disability", None, "Disabilities", "Invalidnost", "Invaliditāte"),
    ("health", None, "Health problems", "Zdravstvene težave", "Veselības problēmas"),
    ("education", None, "Barriers linked to education and training systems",
     "Ovire, povezane s sistemi izobraževanja in usposabljanja",
     "Šķēršļi, kas saistīti ar izglītības un mācību sistēmām"),
    ("cultural", None, "Cultural differences", "Kulturne razlike", "Kultūras atšķirības"),
    ("social", None, "Social barriers", "Socialne ovire", "Sociālie šķēršļi"),
    ("economic", None, "Economic barriers", "Ekonomske ovire", "Ekonomiskie šķēršļi"),
    ("discrimination", None, "Barriers linked to discrimination", "Ovire, povezane z diskriminacijo",
     "Ar diskrimināciju saistīti šķēršļi"),
    ("geographical", None, "Geographical barriers", "Geografske ovire", "Ģeogrāfiskie šķēršļi"),
    ("neet", "education", "Young people not in employment, education or training (NEET)",
     "Mladi, ki niso zaposleni, se ne izobražujejo ali usposabljajo (NEET)",
     "Jaunieši, kuri nemācās, nestrādā un neapgūst arodu (NEET)"),
]

THEMES = [
    ("inclusion", "Inclusion and diversity", "Vključevanje in raznolikost", "Iekļaušana un daudzveidība"),
    ("employment", "Employment and entrepreneurship", "Zaposlovanje in podjetništvo", "Nodarbinātība un uzņēmējdarbība"),
    ("participation", "Youth participation", "Participacija mladih", "Jauniešu līdzdalība"),
    ("mental_health", "Mental health and well-being", "Duševno zdravje in dobro počutje", "Garīgā veselība un labbūtība"),
    ("digital", "Digital skills", "Digitalne spretnosti", "Digitālās prasmes"),
    ("environment", "Environment and climate", "Okolje in podnebje", "Vide un klimats"),
    ("culture", "Culture and creativity", "Kultura in ustvarjalnost", "Kultūra un radošums"),
    ("sport", "Sport and outdoor activities", "Šport in dejavnosti v naravi", "Sports un aktivitātes brīvā dabā"),
    ("youth_work", "Quality of youth work", "Kakovost mladinskega dela", "Jaunatnes darba kvalitāte"),
    ("rural", "Rural development", "Razvoj podeželja", "Lauku attīstība"),
    ("solidarity", "Volunteering and solidarity", "Prostovoljstvo in solidarnost", "Brīvprātīgais darbs un solidaritāte"),
]

LANGUAGES = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "is", "it", "lt", "lv",
    "mk", "mt", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "tr", "uk",
]


def load(apps=None) -> None:
    """Create or update the reference rows; safe to run any number of times."""
    if apps is None:
        from kopa.directory.models import Language, TargetGroup, Theme
    else:
        Language = apps.get_model("directory", "Language")
        TargetGroup = apps.get_model("directory", "TargetGroup")
        Theme = apps.get_model("directory", "Theme")
    for position, (code, parent, en, sl, lv) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(
            code=code,
            defaults={
                "name": {"en": en, "sl": sl, "lv": lv},
                "parent": TargetGroup.objects.get(code=parent) if parent else None,
                "is_barrier_category": parent is None,
                "position": position,
            },
        )
    for code, en, sl, lv in THEMES:
        Theme.objects.update_or_create(code=code, defaults={"name": {"en": en, "sl": sl, "lv": lv}})
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)
