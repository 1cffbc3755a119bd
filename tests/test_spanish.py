"""The Spanish edition's views, in process: every word a widget adds comes from the Spanish
catalogue, every table from the Spanish data, every fact from the one English data file; answers
stored by id count the same in both languages.

Set `.value`, call `.click()`, read the widget, as the English widget tests do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ipywidgets import Dropdown, ToggleButtons

from runwell import course as model
from runwell import health, progress, quiz, quiz_app, shoefit
from runwell.course.build import build_settings
from runwell.exercises import (
    check_pain_decisions,
    check_route,
    check_shoe_fit,
    check_warm_up,
    check_week_plan,
    diary_markdown,
    triage,
)
from runwell.progress.standing import standing
from runwell.quiz.labels import choice_label
from runwell.quiz.summary import ProgressSummary

ROOT = Path(__file__).resolve().parents[1]
SHOES = "03_supportive_shoes"
STATIC = "application/vnd.runwell.static+json"

if not (ROOT / "notebooks" / "quizzes" / "es" / f"{SHOES}.yaml").is_file():
    _REASON = "no Spanish quiz banks in notebooks/quizzes/es/ yet (the es-content branch)"
    print(f"SKIP tests/test_spanish.py: {_REASON}")
    pytest.skip(_REASON, allow_module_level=True)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.json"
    monkeypatch.setenv("RUNWELL_PROGRESS", str(path))
    return path


@pytest.fixture(scope="module")
def es() -> model.Course:
    course = model.load(ROOT, "es")
    assert not course.problems, course.problems
    return course


# ------------------------------------------------------------------------------ the quiz


def test_the_spanish_quiz_speaks_spanish(saved: Path) -> None:
    w = quiz.show(SHOES, lang="es")
    assert "runwell-quiz" in w._dom_classes
    assert w._repr_mimebundle_()[STATIC] == {"widget": "quiz", "bank": SHOES, "lang": "es"}
    assert "Cuestionario:" in w.header.value and "Comprobar" in w.header.value
    view = w.questions[0]
    assert view.check_button.description == "Comprobar"
    assert view.retry_button.description == "Intentar de nuevo"
    assert text_of(view.prompt.value).startswith("Pregunta 1 de 7. Elija una respuesta.")
    assert w.score.value == "0 de 7 correctas"

    view.check()  # nothing chosen: said in Spanish, nothing saved
    assert "No del todo." in view.feedback.value and "pulse Comprobar" in view.feedback.value
    assert not saved.exists()

    wrong = next(n for n, c in enumerate(view.question.shown) if not c.correct)
    right = next(n for n, c in enumerate(view.question.shown) if c.correct)
    view.radio.value = wrong
    view.check_button.click()
    assert "No del todo." in view.feedback.value
    view.retry_button.click()
    assert view.feedback.value == ""
    view.radio.value = right
    view.check_button.click()
    assert "Correcto." in view.feedback.value
    assert w.score.value == "1 de 7 correctas"
    stored = json.loads(saved.read_text())["answers"][SHOES][view.question.id]
    assert stored["answer"] == [view.question.shown[right].id]  # an id, not Spanish words


def test_true_false_choices_are_labelled_from_the_catalogue(es: model.Course) -> None:
    question = es.bank(SHOES).question("shoes-arch-evidence")
    assert question is not None and question.type == "true_false"
    assert [c.text for c in question.shown] == ["True", "False"]  # the bank keeps True/False
    assert [choice_label(question, n, "es") for n in range(2)] == ["Verdadero", "Falso"]
    view = quiz.show(SHOES, lang="es").questions[[q.id for q in es.bank(SHOES).questions].index(
        "shoes-arch-evidence")]
    assert [label for label, _ in view.radio.options] == ["Verdadero", "Falso"]
    assert "¿Verdadero o falso?" in view.prompt.value


def test_a_numeric_answer_shows_its_unit_in_spanish() -> None:
    w = quiz.show("01_warm_up", lang="es")
    view = next(v for v in w.questions if v.question.type == "numeric")
    assert view.question.unit == "seconds"
    assert view.number is not None and "segundos" in view.number.description
    view.number.value = "no sé"
    assert "Escriba un número en segundos" in text_of(view.check().feedback[0])


def test_static_quiz_and_answer_key_in_spanish(es: model.Course) -> None:
    from runwell.quiz.static import answer_key_html, static_html

    page = static_html(es.bank(SHOES), "es")
    assert "Cuestionario:" in page and "Pregunta 1 de 7." in page and "Respuesta" in page
    assert "Verdadero" in page and "1,25 cm (± " in page  # numeric answer with a decimal comma
    key = answer_key_html(es.usable_banks.values(), "es")
    assert "Id de la pregunta" in key and "Correcta:" in key


# ------------------------------------------------------------------------------ progress


def test_one_standing_whatever_the_language(saved: Path, es: model.Course) -> None:
    """A learner answers lesson 03 partly in Spanish and partly in English: one standing."""
    en = model.load(ROOT, "en")
    spanish, english = quiz.show(SHOES, lang="es"), quiz.show(SHOES)
    first, second = spanish.questions[0], english.questions[1]
    for view in (first, second):
        view.check()  # no answer: nothing stored
        if view.radio is not None:
            view.radio.value = next(n for n, c in enumerate(view.question.shown) if c.correct)
        else:
            for n, box in enumerate(view.checkboxes):
                box.value = view.question.shown[n].correct
        view.check_button.click()
    data = progress.load(saved)
    assert set(data["answers"][SHOES]) == {first.question.id, second.question.id}
    for course in (en, es):
        rows, orphans = standing(data, course)
        row = next(r for r in rows if r.lesson == SHOES)
        assert (row.correct, row.answered) == (2, 2) and not orphans
    # each language's quiz reopens with both answers, and the summaries agree
    assert quiz.show(SHOES, lang="es").correct_count == 2 == quiz.show(SHOES).correct_count
    es_summary, en_summary = ProgressSummary(lang="es"), ProgressSummary()
    assert f"{SHOES}: 2 de 7 correctas (2 respondidas)" in text_of(es_summary.table.value)
    assert f"{SHOES}: 2 of 7 correct (2 answered)" in text_of(en_summary.table.value)
    assert es_summary.refresh_button.description == "Actualizar"
    assert es_summary.forget_button.description == "Olvidar mis respuestas…"
    es_summary.scope.value = SHOES
    es_summary.ask()
    assert "¿Olvidar sus respuestas guardadas de 03" in text_of(es_summary.question.value)
    assert es_summary.confirm() == 2
    assert "Se olvidaron 2 respuestas guardadas" in es_summary.status.value


def test_the_class_report_counts_spanish_answers(saved: Path, tmp_path: Path) -> None:
    view = quiz.show(SHOES, lang="es").questions[0]
    view.radio.value = next(n for n, c in enumerate(view.question.shown) if c.correct)
    view.check_button.click()
    from runwell.report.model import build_report, read_files

    files, skipped = read_files([saved], model.load(ROOT))
    assert not skipped
    report = build_report(files, model.load(ROOT))
    stat = next(s for s in report.questions if s.question == view.question.id)
    assert (stat.correct, stat.answered) == (1, 1)


# ------------------------------------------------------------------------------ shoe fit


def test_the_spanish_calculator_starts_in_cm_and_eu_and_keeps_five_systems() -> None:
    c = shoefit.calculator(lang="es")
    assert isinstance(c.unit, ToggleButtons) and c.unit.value == "cm"
    assert isinstance(c.system, Dropdown) and c.system.value == "eu"
    assert [v for _, v in c.system.options] == ["us-men", "us-women", "uk", "eu", "mondopoint"]
    assert [label for label, _ in c.system.options][:2] == ["EE. UU. hombre", "EE. UU. mujer"]
    assert c.length.description == "Longitud del pie" and "longitud de su pie" in c.result.value
    assert c._repr_mimebundle_()[STATIC] == {"widget": "shoefit", "lang": "es"}
    c.length.value = "26,5"
    text = text_of(c.result.value)
    assert "Longitud del pie: 265 mm (26,5 cm, 10,43 in)" in text
    assert "EE. UU. hombre 9,5" in text and "Mondopoint 265" in text
    c.shoe_size.value = "42"
    verdict = text_of(c.result.value)
    assert "Comprobación de la talla: bien." in verdict and "Talón:" in verdict
    c.length.value = "12"
    assert "Revise lo que escribió:" in c.result.value and "fuera de las longitudes" in (
        c.result.value)


def test_the_english_calculator_is_unchanged() -> None:
    c = shoefit.calculator()
    assert (c.unit.value, c.system.value, c.length.description) == ("cm", "eu", "Foot length")
    assert c._repr_mimebundle_()[STATIC] == {"widget": "shoefit"}


def test_the_spanish_chart_for_handouts(es: model.Course) -> None:
    from runwell.shoefit.chart import static_html

    page = static_html(es)
    assert "Tabla de tallas de zapatillas" in page and "Cómo medir su pie" in page
    assert "<td>26,5</td>" in page and "Más allá del artículo" in page
    assert "Material educativo, no consejo médico." in page


# ------------------------------------------------------------------------------ health views


def test_red_flags_in_spanish_from_the_same_data(es: model.Course) -> None:
    en = model.load(ROOT)
    view = health.red_flags(lang="es")
    assert view.text == ("Señales de alarma: 15 señales en 3 niveles; número de emergencias 911 "
                         "(es-US)")
    assert [f.id for f in es.safety.flags] == [f.id for f in en.safety.flags]
    assert [f.tier for f in es.safety.flags] == [f.tier for f in en.safety.flags]
    assert "nervio ciático" in view.html and "Llame al 911" in view.html
    assert health.decisions(lang="es").text == (
        "Decisiones: descanso, autocuidado, ver a un médico, mismo día, emergencia")
    flow = health.flowchart(lang="es")
    assert "Diagrama de flujo" in flow.text and "911" in flow.text
    refs = health.references("05_pain_diary", lang="es")
    assert "Consultado el 2026-11-30" in refs.text and "Back pain. NHS." in refs.text  # titles stay
    assert "Próxima revisión:" in refs.text and "de noviembre de" in refs.text
    assert refs._repr_mimebundle_()[STATIC] == {"widget": "references", "page": "05_pain_diary",
                                                "lang": "es"}


def test_spain_is_a_setting_with_112() -> None:
    locales = model.load(ROOT, "es").safety.locales
    settings, problems = build_settings({"languages": {"es": {"locale": "es-ES"}}}, "settings",
                                        locales, lang="es")
    assert not problems and (settings.locale, settings.emergency_number) == ("es-ES", "112")
    assert "centro de salud" in settings.urgent_help
    english, _ = build_settings({"languages": {"es": {"locale": "es-ES"}}}, "settings",
                                model.load(ROOT).safety.locales, lang="en")
    assert (english.locale, english.emergency_number) == ("en-US", "911")
    default, _ = build_settings(None, "settings", locales, lang="es")
    assert default.emergency_number == "911"


# ------------------------------------------------------------------------------ exercises


def test_exercise_checks_accept_spanish_words() -> None:
    assert check_warm_up([("caminar y luego trotar", 6), ("isquiotibiales", 2),
                          ("estiramientos estaticos", 2), ("aceleraciones", 3)], lang="es").ok
    week = {"lunes": ["rodaje suave"], "martes": ["plancha", "yoga"], "miercoles": ["nadar"],
            "jueves": ["correr"], "viernes": ["puentes"], "sábado": ["tirada larga"],
            "domingo": []}
    result = check_week_plan(week, lang="es")
    assert result.ok, result.text
    assert "Carreras: lunes, jueves, sábado" in result.messages[0]
    route = check_route({"pista de goma": 5, "sendero con raíces": 2, "acera helada": 1},
                        "pista de goma", lang="es")
    assert route.ok, route.text
    decisions = {"A": "reposo", "B": "autocuidado", "C": "médico", "D": "ver a un médico",
                 "E": "fisioterapeuta", "F": "urgencias", "G": "Emergencia", "H": "médico",
                 "I": "médico de cabecera", "J": "hoy mismo"}
    assert check_pain_decisions(decisions, lang="es").ok
    assert check_shoe_fit(26.5, "cm", 42, "eu", room_mm=15, verdict="bien", lang="es").ok


def test_exercise_feedback_is_in_spanish() -> None:
    result = check_week_plan({"lunes": ["correr"]}, lang="es")
    assert not result.ok
    assert result.headline.startswith("Comprobación del plan semanal: todavía no.")
    assert 'Falta el martes: escriba [] o "descanso"' in result.text
    late = check_pain_decisions({"A": "emergencia"}, lang="es")
    assert "Entrada B: todavía no hay decisión." in late.text
    shoe = check_shoe_fit(26.5, "cm", 42, "eu", room_mm=15, verdict="demasiado corta", lang="es")
    assert not shoe.ok and "el veredicto es “bien”" in shoe.text
    assert "room_mm debe ser un número" in check_shoe_fit(26.5, "cm", 42, "eu", room_mm="x",
                                                          verdict="bien", lang="es").text


def test_triage_in_spanish_with_spanish_trends() -> None:
    decision = triage(3, "igual", daily_life=False, lang="es")
    assert (decision.decision, decision.label) == ("see a doctor", "ver a un médico")
    assert decision.reason.startswith("el dolor va por el día 3")
    assert triage(1, "mejor", False, lang="es").label == "descanso"
    cauda = triage(1, "same", False, ["numbness-saddle"], lang="es")
    assert cauda.decision == "emergency" and "Llame al 911" in cauda.reason
    with pytest.raises(ValueError, match="tendencia"):
        triage(1, "regular", False, lang="es")


def test_the_spanish_diary_is_the_overlay_and_the_notebook_shows_it() -> None:
    text = diary_markdown("es")
    assert text.startswith("- **A. Maya, 34 años")
    nb = json.loads((ROOT / "exercises" / "es" / "05_pain_diary.ipynb").read_text())
    assert any(text.strip() in "".join(c["source"]) for c in nb["cells"])


# ------------------------------------------------------------------------------ quiz app


def test_the_quiz_app_takes_the_language_from_the_address() -> None:
    assert quiz_app.requested_language({"QUERY_STRING": "lesson=01_warm_up&lang=es"}) == "es"
    assert quiz_app.requested_language({"RUNWELL_LANG": "es"}) == "es"
    assert quiz_app.requested_language({"QUERY_STRING": "lang=xx"}) == "en"
    assert quiz_app.requested_language({}) == "en"
    app = quiz_app.app(lang="es", lesson=SHOES)
    assert app.lesson == SHOES and app.picker.description == "Cuestionario"
    assert "Correr sin dolor de espalda: cuestionarios" in app.intro.value
    assert 'lang="es"' in app.intro.value and "Material educativo" in app.intro.value
    assert app.quiz.questions[0].check_button.description == "Comprobar"
    app.picker.value = "01_warm_up"
    assert app.quiz.lang == "es" and app.quiz.score.value.endswith("correctas")
    english = quiz_app.app(lesson=SHOES, lang="en")
    assert "Running Without Back Pain: quizzes" in english.intro.value


# ------------------------------------------------------------------------------ export, bundle


def test_export_of_the_spanish_edition(es: model.Course) -> None:
    from runwell.export import build

    for fmt in ("moodle", "qti"):
        export = build(es, fmt)
        assert not export.problems and export.files
    moodle = build(es, "moodle").files
    assert any("Cuestionario" in v.decode() or "Compruebe" in v.decode() for v in moodle.values())


def test_the_browser_wheel_carries_the_spanish_course_and_catalogue() -> None:
    import gettext
    import io

    from runwell.lite.build import catalogues, course_bundles

    bundles = course_bundles(ROOT)
    assert set(bundles) == {"runwell/data/course-bundle-en.json",
                            "runwell/data/course-bundle-es.json"}
    spanish = model.from_bundle(json.loads(bundles["runwell/data/course-bundle-es.json"]), "es")
    assert spanish.tables.day_names[0] == "lunes" and spanish.bank(SHOES).questions
    (mo,) = catalogues(ROOT).values()
    assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("Check") == "Comprobar"
