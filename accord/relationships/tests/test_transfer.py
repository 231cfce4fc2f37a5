import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accord.relationships.models import Relationship, Score, Segment
from accord.relationships.transfer import import_preview

GOOD = (
    "counterpart_name,kind,status,owner_email,tags,Value to the business,Collaboration potential,Dependency,Risk\n"
    "Ferro Steel,supplier,current,ana@brightwave.test,materials;local,4,3,2,2\n"
    "Northline Rail,Customer,future,,rail,5,5,4,4\n"
)
BAD = (
    "counterpart_name,kind,status,Risk\n"
    "Ferro Steel,supplier,current,3\n"
    ",supplier,current,3\n"
    "Orbis,spaceship,current,3\n"
    "Delta,supplier,someday,9\n"
)


def upload(client, org, text, name="register.csv"):
    url = reverse("relationships:import", args=[org.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def test_preview_lists_each_bad_row_with_its_reason(world):
    preview = import_preview(organization=world.brightwave, text=BAD)
    assert not preview.is_clean
    reasons = {row.line: " ".join(row.errors) for row in preview.rows}
    assert reasons[2] == ""
    assert "counterpart_name is required" in reasons[3]
    assert "kind must be one of" in reasons[4]
    assert "status must be one of" in reasons[5] and "Risk must be a whole number from 1 to 5" in reasons[5]


def test_failed_import_writes_nothing(client, world):
    client.force_login(world.ana)
    response = upload(client, world.brightwave, BAD)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was imported" in body and 'name="confirm"' not in body
    # Even a forged confirm writes nothing: the session holds no clean file.
    client.post(reverse("relationships:import", args=[world.brightwave.slug]), {"confirm": "1"})
    assert Relationship.objects.in_scope(world.brightwave).count() == 1


def test_clean_file_previews_then_imports_on_confirm(client, world):
    client.force_login(world.ana)
    response = upload(client, world.brightwave, GOOD)
    assert response.status_code == 200 and 'name="confirm"' in response.content.decode()
    assert Relationship.objects.in_scope(world.brightwave).count() == 1  # preview wrote nothing
    done = client.post(reverse("relationships:import", args=[world.brightwave.slug]), {"confirm": "1"})
    assert done.status_code == 302
    entries = {e.counterpart_name: e for e in Relationship.objects.in_scope(world.brightwave)}
    assert set(entries) == {"Lumen Coatings", "Ferro Steel", "Northline Rail"}
    assert entries["Northline Rail"].segment == Segment.COLLABORATE
    assert entries["Ferro Steel"].owner == world.ana
    assert sorted(t.name for t in entries["Ferro Steel"].tags.all()) == ["local", "materials"]
    assert Score.objects.in_scope(world.brightwave).count() == 8


def test_non_utf8_and_empty_files_get_clear_messages(client, world):
    client.force_login(world.ana)
    url = reverse("relationships:import", args=[world.brightwave.slug])
    latin = client.post(
        url, {"file": SimpleUploadedFile("r.csv", "counterpart_name,kind\nCafé,supplier\n".encode("latin-1"))}
    )
    assert "not UTF-8" in latin.content.decode()
    empty = upload(client, world.brightwave, "")
    assert empty.status_code == 422


def test_export_csv_and_excel_round_trip(client, world):
    client.force_login(world.ana)
    upload(client, world.brightwave, GOOD)
    client.post(reverse("relationships:import", args=[world.brightwave.slug]), {"confirm": "1"})
    text = client.get(reverse("relationships:export_csv", args=[world.brightwave.slug])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["counterpart_name"] for r in rows} == {"Lumen Coatings", "Ferro Steel", "Northline Rail"}
    northline = next(r for r in rows if r["counterpart_name"] == "Northline Rail")
    assert northline["segment"] == "collaborate" and northline["Risk"] == "4"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("relationships:export_xlsx", args=[world.brightwave.slug])).content)
    )
    sheet = workbook["Register"]
    assert sheet.max_row == 4 and sheet.cell(1, 1).value == "counterpart_name"
    # The exported file imports again as new entries elsewhere.
    preview = import_preview(organization=world.globex, text=text.replace("ana@brightwave.test", ""))
    assert preview.is_clean, [r.errors for r in preview.rows]


def test_formula_cells_are_neutralised(client, world):
    world.entry.notes = "=HYPERLINK('http://evil')"
    world.entry.save()
    client.force_login(world.ana)
    text = client.get(reverse("relationships:export_csv", args=[world.brightwave.slug])).content.decode()
    assert "'=HYPERLINK" in text


def test_semicolon_files_with_commas_inside_fields(world):
    text = 'counterpart_name;kind;notes\nFerro;supplier;"Price 1,5 EUR/kg; steady"\n'
    preview = import_preview(organization=world.brightwave, text=text)
    assert preview.is_clean and preview.rows[0].data["notes"] == "Price 1,5 EUR/kg; steady"


def test_names_already_in_the_register_are_refused(world):
    preview = import_preview(
        organization=world.brightwave, text="counterpart_name,kind\nlumen coatings,partner\n"
    )
    assert "already in your register" in " ".join(preview.rows[0].errors)


def test_importer_owns_rows_without_owner_and_neutralised_values_come_back(client, world):
    world.entry.notes = "-5% discount agreed"
    world.entry.save()
    client.force_login(world.ana)
    exported = client.get(reverse("relationships:export_csv", args=[world.brightwave.slug])).content.decode()
    assert "'-5% discount" in exported
    preview = import_preview(
        organization=world.globex,
        text=exported.replace("ana@brightwave.test", ""),
        default_owner=world.mallory,
    )
    assert preview.rows[0].data["notes"] == "-5% discount agreed"
    assert preview.rows[0].data["owner"] == world.mallory
