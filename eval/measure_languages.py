"""Measure which bundled encoder should be the default: cross-language matching and speed.

Run with ``.venv/bin/python -m eval.measure_languages`` (add ``--json`` for machine output).

For each encoder it reports:

- cross-language top-1: for each of 20 CV sentences (in French, in Spanish, and as an English
  paraphrase), is the most similar of 20 JPO duty sentences the one it describes? CV sentences
  describe the same work the way a CV does (first person implied, past tense, concrete), not as
  literal translations, so shared words are few even in English;
- mean margin: similarity of the right duty minus the best wrong one (robustness, not just rank);
- model load time (including the first encode, which pages in the weights), and throughput in
  sentences/s on 2,000 CV-like sentences encoded in batches of 64.

Results and the decision are recorded in ``docs/encoders.md``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from matcher.ports import STATEMENT_KIND, Encoder

__all__ = [
    "CV_ENGLISH",
    "CV_FRENCH",
    "CV_SPANISH",
    "DUTIES",
    "EncoderReport",
    "main",
    "measure_encoder",
    "throughput_corpus",
    "top1_matches",
]

#: JPO Terms of Reference style duties (English), one per line of work.
DUTIES: tuple[str, ...] = (
    "Support the coordination of humanitarian assistance with UN agencies, NGOs and local "
    "authorities in the field.",
    "Monitor and evaluate programme implementation and prepare progress reports for donors.",
    "Draft briefing notes, talking points and speeches for senior management.",
    "Assist in the preparation and monitoring of the office budget and financial expenditures.",
    "Conduct research and analysis on migration trends and refugee protection issues.",
    "Organize workshops and training sessions for government counterparts on gender mainstreaming.",
    "Manage the procurement of goods and services in line with UN rules and regulations.",
    "Develop communication materials and manage the social media accounts of the office.",
    "Provide technical support to the design of climate change adaptation projects.",
    "Maintain databases and analyse statistical data on child nutrition and health indicators.",
    "Support resource mobilization efforts and the drafting of funding proposals.",
    "Follow intergovernmental negotiations and prepare summary records of meetings.",
    "Assist in the recruitment of staff and the administration of human resources.",
    "Contribute to the monitoring of human rights violations and the drafting of reports.",
    "Support the implementation of water, sanitation and hygiene (WASH) programmes in schools.",
    "Provide legal research and advice on international trade agreements.",
    "Coordinate logistics and supply chain operations for emergency food distribution.",
    "Support the organization of elections and voter registration activities.",
    "Facilitate partnerships with the private sector and academic institutions.",
    "Help design and run household surveys, including sampling and data cleaning.",
)

#: French CV sentences, same order as :data:`DUTIES`.
CV_FRENCH: tuple[str, ...] = (
    "Chargée de la liaison entre les ONG partenaires, les autorités locales et les agences "
    "onusiennes lors de la réponse d'urgence au Sahel.",
    "Suivi des indicateurs du projet et rédaction des rapports semestriels destinés aux "
    "bailleurs de fonds.",
    "J'ai rédigé des notes d'information et des éléments de langage pour le directeur régional.",
    "Élaboration du budget annuel du bureau et contrôle des dépenses engagées.",
    "Mémoire de recherche sur les flux migratoires et le droit des réfugiés en Méditerranée.",
    "Animation de formations sur l'égalité femmes-hommes à destination des ministères.",
    "Gestion des appels d'offres et des achats de fournitures selon les procédures de l'ONU.",
    "Création de contenus pour Twitter et Facebook et rédaction de la newsletter de "
    "l'organisation.",
    "Appui technique à la conception de projets d'adaptation au changement climatique en "
    "zone côtière.",
    "Tenue des bases de données et analyse statistique des indicateurs de malnutrition infantile.",
    "Rédaction de propositions de financement et recherche de nouveaux donateurs.",
    "Suivi des négociations à l'Assemblée générale et rédaction des comptes rendus de séance.",
    "Participation aux processus de recrutement et à la gestion administrative du personnel.",
    "Documentation des violations des droits de l'homme et contribution aux rapports thématiques.",
    "Mise en œuvre de programmes d'accès à l'eau potable et d'assainissement dans les écoles "
    "rurales.",
    "Recherches juridiques sur les accords de libre-échange et l'OMC au sein d'un cabinet "
    "d'avocats.",
    "Coordination des entrepôts et du transport pour les distributions alimentaires d'urgence.",
    "Appui à l'inscription des électeurs et à l'organisation du scrutin présidentiel.",
    "Développement de partenariats avec des entreprises et des universités.",
    "Conception de questionnaires d'enquête auprès des ménages, échantillonnage et nettoyage "
    "des données.",
)

#: Spanish CV sentences, same order as :data:`DUTIES`.
CV_SPANISH: tuple[str, ...] = (
    "Enlace entre ONG socias, autoridades locales y agencias de la ONU durante la respuesta "
    "de emergencia tras el huracán.",
    "Seguimiento de los indicadores del proyecto y elaboración de informes semestrales para "
    "los financiadores.",
    "Redacté notas informativas y mensajes clave para el director regional.",
    "Elaboración del presupuesto anual de la oficina y control del gasto.",
    "Tesis de investigación sobre flujos migratorios y el derecho de los refugiados.",
    "Impartí talleres sobre igualdad de género a funcionarios de varios ministerios.",
    "Gestión de licitaciones y compras de suministros según los procedimientos de la ONU.",
    "Creación de contenidos para Twitter y Facebook y redacción del boletín de la organización.",
    "Apoyo técnico al diseño de proyectos de adaptación al cambio climático en zonas costeras.",
    "Mantenimiento de bases de datos y análisis estadístico de indicadores de desnutrición "
    "infantil.",
    "Redacción de propuestas de financiación y búsqueda de nuevos donantes.",
    "Seguimiento de las negociaciones en la Asamblea General y redacción de actas de las sesiones.",
    "Participación en procesos de selección de personal y gestión administrativa de la plantilla.",
    "Documentación de violaciones de derechos humanos y contribución a informes temáticos.",
    "Ejecución de programas de agua potable y saneamiento en escuelas rurales.",
    "Investigación jurídica sobre tratados de libre comercio y la OMC en un despacho de abogados.",
    "Coordinación de almacenes y transporte para la distribución de alimentos en emergencias.",
    "Apoyo al registro de votantes y a la organización de la jornada electoral.",
    "Desarrollo de alianzas con empresas y universidades.",
    "Diseño de cuestionarios para encuestas de hogares, muestreo y depuración de datos.",
)

#: English CV paraphrases, same order as :data:`DUTIES` (few words shared with the duty).
CV_ENGLISH: tuple[str, ...] = (
    "Liaised between partner NGOs, district officials and UN agencies during the cyclone "
    "emergency response.",
    "Tracked project indicators and wrote the six-monthly reports sent to funders.",
    "Wrote background notes and key messages for the regional director.",
    "Prepared the annual office budget and kept track of spending.",
    "Master's thesis on migration flows and the rights of asylum seekers.",
    "Ran trainings on gender equality for civil servants from several ministries.",
    "Handled tenders and purchasing of supplies following UN procedures.",
    "Created content for Twitter and Facebook and edited the organisation's newsletter.",
    "Gave technical input to coastal resilience projects addressing a warming climate.",
    "Kept the databases up to date and ran statistical analysis of child malnutrition figures.",
    "Wrote grant applications and looked for new donors.",
    "Followed General Assembly negotiations and wrote minutes of the sessions.",
    "Took part in staff selection panels and handled personnel administration.",
    "Documented abuses of fundamental rights and contributed to thematic reports.",
    "Delivered clean drinking water and toilet projects in rural schools.",
    "Researched free trade treaties and WTO law at a law firm.",
    "Coordinated warehouses and transport for emergency food deliveries.",
    "Helped register voters and organise polling day.",
    "Built alliances with companies and universities.",
    "Designed household questionnaires, drew the sample and cleaned the data.",
)

_THROUGHPUT_FRAGMENTS = (
    ("Coordinated", "Managed", "Supported", "Led", "Drafted", "Analysed", "Organised", "Monitored"),
    (
        "a team of five field officers",
        "the quarterly donor reports",
        "a nutrition survey",
        "procurement of medical supplies",
        "training for local partners",
        "the regional budget",
        "a climate adaptation pilot",
        "communication with ministries",
        "the refugee registration",
    ),
    (
        "in Kenya",
        "for UNICEF",
        "with the Ministry of Health",
        "across three provinces",
        "during the emergency response",
        "at headquarters",
        "for the EU delegation",
        "in partnership with NGOs",
        "over two years",
    ),
    (
        "",
        ", reaching 12,000 beneficiaries",
        ", on time and within budget",
        ", using Stata and R",
        ", in French and English",
        ", following UN rules",
    ),
)


def throughput_corpus(n: int = 2000) -> list[str]:
    """``n`` distinct CV-like sentences (deterministic), for throughput measurement."""
    verbs, objects, places, tails = _THROUGHPUT_FRAGMENTS
    out: list[str] = []
    i = 0
    while len(out) < n:
        text = (
            f"{verbs[i % len(verbs)]} {objects[(i // 3) % len(objects)]} "
            f"{places[(i // 7) % len(places)]}{tails[(i // 11) % len(tails)]} (item {i})."
        )
        out.append(text)
        i += 1
    return out


@dataclass(frozen=True, slots=True)
class EncoderReport:
    """Measurements of one encoder."""

    name: str
    model_name: str
    load_seconds: float
    top1_french: int
    top1_spanish: int
    top1_english: int
    margin_french: float
    margin_spanish: float
    margin_english: float
    sentences_per_second: float
    cpu_ms_per_sentence: float
    load_average: float
    misses_french: tuple[int, ...]


def top1_matches(encoder: Encoder, cv_sentences: tuple[str, ...]) -> tuple[int, float, list[int]]:
    """Count CV sentences whose most similar duty is their own.

    Duties are encoded as queries and CV sentences as passages, as the matcher does.

    Returns:
        (number right, mean margin right-minus-best-wrong, indices of the misses).
    """
    duties = encoder.encode(list(DUTIES), kind=STATEMENT_KIND)
    cvs = encoder.encode(list(cv_sentences), kind=STATEMENT_KIND)
    sims = cvs @ duties.T
    best = sims.argmax(axis=1)
    right = np.arange(len(cv_sentences))
    own = sims[right, right]
    wrong = sims.copy()
    wrong[right, right] = -np.inf
    margin = float(np.mean(own - wrong.max(axis=1)))
    misses = [int(i) for i in right[best != right]]
    return int((best == right).sum()), margin, misses


def measure_encoder(
    name: str, load: Callable[[], Encoder], *, corpus_size: int = 2000, batch: int = 64
) -> EncoderReport:
    """Load one encoder and measure cross-language top-1 and throughput."""
    start = time.perf_counter()
    encoder = load()
    encoder.encode(["warm-up sentence"], kind=STATEMENT_KIND)
    load_seconds = time.perf_counter() - start

    fr, fr_margin, fr_misses = top1_matches(encoder, CV_FRENCH)
    es, es_margin, _ = top1_matches(encoder, CV_SPANISH)
    en, en_margin, _ = top1_matches(encoder, CV_ENGLISH)

    corpus = throughput_corpus(corpus_size)
    start = time.perf_counter()
    cpu_start = time.process_time()
    for i in range(0, len(corpus), batch):
        encoder.encode(corpus[i : i + batch], kind=STATEMENT_KIND)
    elapsed = time.perf_counter() - start
    # CPU time is the fairer comparison on a shared box: wall time includes waiting for cores.
    cpu_ms = (time.process_time() - cpu_start) * 1000 / len(corpus)
    return EncoderReport(
        name=name,
        model_name=encoder.model_name,
        load_seconds=round(load_seconds, 2),
        top1_french=fr,
        top1_spanish=es,
        top1_english=en,
        margin_french=round(fr_margin, 3),
        margin_spanish=round(es_margin, 3),
        margin_english=round(en_margin, 3),
        sentences_per_second=round(len(corpus) / elapsed, 1),
        cpu_ms_per_sentence=round(cpu_ms, 2),
        load_average=round(os.getloadavg()[0], 1),
        misses_french=tuple(fr_misses),
    )


def main(argv: list[str] | None = None) -> int:
    """Measure every bundled encoder (each in this process, one after the other)."""
    parser = argparse.ArgumentParser(prog="python -m eval.measure_languages")
    parser.add_argument("--encoders", nargs="+", default=["e5", "minilm"])
    parser.add_argument("--corpus-size", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    from index.encoder import load_encoder

    reports = [
        measure_encoder(name, functools.partial(load_encoder, name), corpus_size=args.corpus_size)
        for name in args.encoders
    ]
    if args.json:
        sys.stdout.write(json.dumps([asdict(r) for r in reports], indent=2) + "\n")
        return 0
    header = (
        "| encoder | FR top-1 | ES top-1 | EN paraphrase top-1 | margin FR/ES/EN "
        "| load s | sentences/s | CPU ms/sentence | load avg |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = "".join(
        f"| {r.name} | {r.top1_french}/20 | {r.top1_spanish}/20 | {r.top1_english}/20 "
        f"| {r.margin_french}/{r.margin_spanish}/{r.margin_english} "
        f"| {r.load_seconds} | {r.sentences_per_second} | {r.cpu_ms_per_sentence} "
        f"| {r.load_average} |\n"
        for r in reports
    )
    sys.stdout.write(header + rows)
    for r in reports:
        if r.misses_french:
            sys.stdout.write(f"{r.name} French misses (duty index): {list(r.misses_french)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
