"""The bad input and the report arithmetic of the soak run."""

import random
from urllib.parse import parse_qsl

from bench._http import Form, FormField, read_page
from bench.soak import bad_query, bad_submission, bad_value, growth, unique_forms

FORM = Form(
    action="/inscription/",
    method="post",
    enctype="multipart/form-data",
    fields=[
        FormField("csrfmiddlewaretoken", "hidden", "jeton"),
        FormField("email", "email"),
        FormField("salaries", "number"),
        FormField("type", "select", options=["aci", "esat"]),
        FormField("logo", "file"),
        FormField("envoyer", "submit", "Envoyer"),
    ],
)


def test_bad_values_follow_the_field_kind():
    rng = random.Random(1)
    emails = {bad_value(FormField("e", "email"), rng) for _ in range(50)}
    assert "pas-une-adresse" in emails
    numbers = {bad_value(FormField("n", "number"), rng) for _ in range(50)}
    assert numbers <= {"-1", "0", "1e309", "NaN", "9" * 40, "3,5", "douze", "0x10"}
    choices = {bad_value(FormField("s", "select", options=["a"]), rng) for _ in range(50)}
    assert choices <= {"a", "n'existe-pas", "", "-1"}
    assert "n'existe-pas" in choices


def test_bad_submission_keeps_the_csrf_token_and_sends_fake_files():
    submissions = [bad_submission(FORM, random.Random(seed)) for seed in range(40)]
    for fields, _files in submissions:
        assert ("csrfmiddlewaretoken", "jeton") in fields
        assert all(name != "envoyer" for name, _value in fields)
    sent_files = [files for _fields, files in submissions if files]
    assert sent_files
    assert {files[0][0] for files in sent_files} == {"logo"}
    # Deterministic for a given seed: a failing run can be replayed.
    assert bad_submission(FORM, random.Random(7)) == bad_submission(FORM, random.Random(7))


def test_bad_query_breaks_paging_and_repeats_keys():
    search = Form("", "get", "", [FormField("q", "search"), FormField("lieu", "text")])
    pairs = parse_qsl(bad_query(search, random.Random(3)), keep_blank_values=True)
    keys = [key for key, _value in pairs]
    assert "page" in keys
    assert "inconnu" in keys


def test_unique_forms_drops_the_search_form_repeated_on_every_page():
    html = '<form action="/recherche/"><input name="q"></form>'
    forms = [(path, read_page(html).forms[0]) for path in ["/", "/guide/", "/plan-du-site/"]]
    assert [path for path, _form in unique_forms(forms)] == ["/"]


def test_growth_is_measured_after_the_warm_up_on_the_workers_that_lasted():
    samples = [
        (0, {1: 50.0, 2: 50.0}),
        (10, {1: 90.0, 2: 90.0}),  # end of warm-up (10 % of 11 samples → index 1)
        *[(10 * i, {1: 90.0 + i, 2: 90.0}) for i in range(2, 10)],
        (100, {1: 100.0, 3: 80.0}),  # worker 2 replaced by worker 3
    ]
    delta, replaced = growth(samples)
    assert delta == 10.0  # worker 1: 90 → 100; worker 2 gone, worker 3 new
    assert replaced == 1
    assert growth([(0, {1: 10.0}), (5, {1: 20.0}), (9, {2: 5.0})]) == (None, 1)
    assert growth([(0, {1: 10.0})]) == (None, 0)
