"""A recruiter's zip of 20 CVs, built in code: 16 people, two duplicates, a hostile file and a
nested zip (the acceptance test of issue 17 and the browser test use it).

Every person is invented: names, e-mail addresses and phone numbers appear in their CV in the
ways real CVs carry them (a name on the first line or after "Name:", a third-person profile,
contact lines, LinkedIn, date of birth, nationality), so that blind review can be checked for
every one of them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from tests.hostile import docx_with_dtd, docx_with_text, pdf_with_text


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    email: str
    phone: str
    nationality: str
    pronoun: str  # "She" or "He"
    fmt: str  # "txt", "docx" or "pdf"

    @property
    def name_words(self) -> list[str]:
        """Every word of the name (hyphenated names whole and by parts)."""
        words = [self.first, self.last, *re.split(r"-", self.last)]
        return list(dict.fromkeys(words))


PEOPLE = [
    Person("Zofia", "Wiśniewska-Tran", "zofia.wisniewska@mailbox.example", "+48 601 234 567",
           "Polish", "She", "txt"),
    Person("Kwabena", "Osei-Nyarko", "k.oseinyarko@post.example", "+233 24 555 0134",
           "Ghanaian", "He", "txt"),
    Person("Aurélie", "Dubreuil", "aurelie.dubreuil@courriel.example", "+33 6 12 34 56 78",
           "French", "She", "docx"),
    Person("Ximena", "Quispe", "ximena.quispe@correo.example", "+51 987 654 321", "Peruvian",
           "She", "txt"),
    Person("Tiago", "Okonjo", "tiago.okonjo@mailbox.example", "+351 912 345 678", "Portuguese",
           "He", "txt"),
    Person("Ynez", "Faraday", "ynez.faraday@post.example", "+44 7700 900123", "British", "She",
           "pdf"),
    Person("Odile", "Brandtner", "odile.brandtner@mailbox.example", "+41 79 123 45 67", "Swiss",
           "She", "txt"),
    Person("Haruto", "Villalobos", "haruto.villalobos@post.example", "+81 90 1234 5678",
           "Japanese", "He", "txt"),
    Person("Marisol", "Achterberg", "marisol.achterberg@mailbox.example", "+31 6 1234 5678",
           "Dutch", "She", "docx"),
    Person("Dagny", "Oyelaran", "dagny.oyelaran@post.example", "+47 912 34 567", "Norwegian",
           "She", "txt"),
    Person("Ilse", "Moravcová", "ilse.moravcova@mailbox.example", "+420 601 123 456", "Czech",
           "She", "txt"),
    Person("Rafferty", "Nkemelu", "rafferty.nkemelu@post.example", "+234 803 123 4567",
           "Nigerian", "He", "pdf"),
    Person("Sigrún", "Abernethy", "sigrun.abernethy@mailbox.example", "+354 611 2345",
           "Icelandic", "She", "txt"),
    Person("Bartholomew", "Kagiso", "bart.kagiso@post.example", "+267 71 234 567", "Motswana",
           "He", "txt"),
    Person("Farzaneh", "Lindqvist", "farzaneh.lindqvist@mailbox.example", "+46 70 123 45 67",
           "Swedish", "She", "txt"),
    Person("Océane", "Mbeki-Harlow", "oceane.mbekiharlow@post.example", "+27 82 123 4567",
           "South African", "She", "txt"),
]

_WORK = [
    ("Civil Affairs Officer, UNMISS Juba", [
        "Facilitated dialogue between county commissioners and youth leaders in Jonglei.",
        "Mapped local conflict drivers and reported weekly to the head of field office.",
        "Organised confidence-building workshops with traditional authorities."]),
    ("Programme Analyst, UNDP Dakar", [
        "Managed a local governance project with a budget of 2.4 million US dollars.",
        "Supported municipal councils to plan and monitor public service delivery.",
        "Drafted donor reports and quarterly results frameworks."]),
    ("Field Coordinator, Norwegian Refugee Council, Goma", [
        "Led a team of 14 staff delivering shelter and legal assistance to displaced families.",
        "Negotiated humanitarian access with local authorities and armed group liaisons.",
        "Set up community feedback mechanisms in six settlements."]),
    ("Research Assistant, Graduate Institute Geneva", [
        "Analysed peace agreements for provisions on power sharing and local governance.",
        "Coded interview transcripts with community mediators in the Sahel.",
        "Co-authored a working paper on reconciliation processes."]),
    ("Protection Associate, UNHCR Amman", [
        "Interviewed refugees and referred survivors of violence to specialised services.",
        "Monitored access to civil documentation for Syrian refugee households.",
        "Trained partner staff on protection mainstreaming."]),
    ("Political Affairs Intern, DPPA New York", [
        "Prepared briefing notes on electoral processes in West Africa.",
        "Followed Security Council consultations and drafted summaries for the team.",
        "Maintained a database of mediation initiatives."]),
    ("Monitoring Officer, WFP Maputo", [
        "Designed household surveys for 12,000 families and trained 30 enumerators.",
        "Built dashboards on food security indicators for the country office.",
        "Verified distributions at 40 sites across two provinces."]),
    ("Governance Consultant, World Bank Lima", [
        "Reviewed decentralisation laws and fiscal transfers to regional governments.",
        "Facilitated consultations with indigenous community representatives.",
        "Wrote policy notes on citizen participation in budgeting."]),
]
_DEGREES = [
    "MA International Relations, Sciences Po, 2019", "MSc Development Studies, SOAS, 2018",
    "LLM Public International Law, Leiden University, 2020",
    "MA Peace and Conflict Studies, Uppsala University, 2017",
    "MPA Public Administration, Columbia University, 2021",
    "MSc Political Science, University of Cape Town, 2016",
    "MA Anthropology, Universidad de los Andes, 2019", "MPhil Politics, University of Oxford, 2018",
]


def cv_text(index: int, person: Person) -> str:
    """One person's CV: the layout, work and degree vary with ``index``."""
    # Sixteen different pairs of jobs, so that no two people's CVs are near copies.
    work = [_WORK[index % 8], _WORK[(index + (3 if index < 8 else 2)) % 8]]
    name = f"{person.first} {person.last}"
    head = {
        0: [name],
        1: ["CURRICULUM VITAE", f"Name: {name}"],
        2: [name.upper()],
    }[index % 3]
    lines = [
        *head,
        f"{person.email} | {person.phone} | linkedin.com/in/{person.first.lower()}-{index}",
        f"Date of birth: {3 + index} May {1990 + index % 6} | Nationality: {person.nationality}",
        "",
        "PROFILE",
        f"{person.first} {person.last} is a civil affairs practitioner. {person.pronoun} has "
        f"worked with local authorities for {3 + index % 4} years.",
        "",
        "EXPERIENCE",
    ]
    for k, (title, bullets) in enumerate(work):
        start = 2016 + 2 * k + index % 2
        lines += [f"{title}, Jan {start} - Dec {start + 2}",
                  *(f"- {b}" for b in bullets[k:] + bullets[:k])]
    # A sentence that names the person and matches a duty of the vacancy, so that evidence
    # quotes a name unless blind review masks it.
    lines.append(f"- {person.first} led conflict analysis and planning exercises with field "
                 f"offices and trained facilitators ({person.first.upper()} {person.last}).")
    lines += [
        "",
        "EDUCATION",
        _DEGREES[index % len(_DEGREES)],
        "",
        "LANGUAGES",
        "English (fluent), French (B2)" if index % 2 else "English (C2), French (C1)",
    ]
    return "\n".join(lines) + "\n"


def file_name(index: int, person: Person) -> str:
    stem = f"cv{index + 1:02}_{person.first.lower()}_{person.last.lower()}"
    if index == 4:
        # A file name that would be a live formula in a spreadsheet.
        stem = "=HYPERLINK(cv05)"
    return f"{stem}.{person.fmt}"


def encode(person: Person, text: str) -> bytes:
    if person.fmt == "docx":
        return docx_with_text(text.splitlines())
    if person.fmt == "pdf":
        return pdf_with_text(text)
    return text.encode("utf-8")


def pool_zip() -> tuple[bytes, dict[str, str]]:
    """The 20-file zip and, per stored source name, the CV text it holds."""
    texts = {file_name(i, p): cv_text(i, p) for i, p in enumerate(PEOPLE)}
    members = {file_name(i, p): encode(p, texts[file_name(i, p)]) for i, p in enumerate(PEOPLE)}
    # Two duplicates: CV 2 sent again (other line breaks, one more blank line), and CV 4 sent
    # again with one number changed (a near copy).
    second, fourth = file_name(1, PEOPLE[1]), file_name(3, PEOPLE[3])
    members["cv17_kwabena_again.txt"] = texts[second].replace("\n", "\r\n").encode() + b"\r\n"
    members["cv18_ximena_v2.txt"] = texts[fourth].replace("12,000", "13,000").replace(
        "2.4 million", "2.5 million").encode()
    # One hostile file (a billion-laughs DTD inside a .docx) and one nested zip.
    members["cv19_form.docx"] = docx_with_dtd()
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("cv21_hidden.txt", cv_text(20, PEOPLE[0]))
    members["cv20_more.zip"] = inner.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(member_path(name), data)
    return out.getvalue(), {member_path(k): v for k, v in texts.items()}


def member_path(name: str) -> str:
    """Where a file sits in the zip: a folder, except the formula-named one (a cell start)."""
    return name if name.startswith("=") else f"applications/{name}"
