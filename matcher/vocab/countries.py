"""Countries and nationalities (names and demonyms) in English, French and Spanish."""

from __future__ import annotations

import re

from matcher.vocab.folding import fold, table_lines, words_pattern
from matcher.vocab.languages import canonical_language

__all__ = ["country_code", "find_countries"]

# "CODE names | demonyms": names in en/fr/es (folded lookups make accents optional).
_COUNTRY_TABLE = """
AF Afghanistan, Afganistán | Afghan, afghane, afgano, afgana
AL Albania, Albanie | Albanian, albanais, albanaise, albanés, albanesa
DZ Algeria, Algérie, Argelia | Algerian, algérien, algérienne, argelino, argelina
AD Andorra, Andorre | Andorran
AO Angola | Angolan, angolais, angolaise, angoleño, angoleña
AG Antigua and Barbuda, Antigua-et-Barbuda, Antigua y Barbuda |
AR Argentina, Argentine | Argentinian, Argentine, argentin, argentino, argentina
AM Armenia, Arménie | Armenian, arménien, arménienne, armenio, armenia
AU Australia, Australie | Australian, australien, australienne, australiano, australiana
AT Austria, Autriche | Austrian, autrichien, autrichienne, austriaco, austriaca, austríaco,
    austríaca
AZ Azerbaijan, Azerbaïdjan, Azerbaiyán | Azerbaijani, azerbaïdjanais
BS Bahamas | Bahamian
BH Bahrain, Bahreïn, Bahréin | Bahraini, bahreïni, bahreiní
BD Bangladesh | Bangladeshi, bangladais, bangladaise, bangladesí
BB Barbados, Barbade | Barbadian
BY Belarus, Bélarus, Biélorussie, Bielorrusia | Belarusian, biélorusse, bielorruso
BE Belgium, Belgique, Bélgica | Belgian, belge, belga
BZ Belize, Belice | Belizean
BJ Benin, Bénin | Beninese, béninois, béninoise
BT Bhutan, Bhoutan, Bután | Bhutanese
BO Bolivia, Bolivie | Bolivian, bolivien, bolivienne, boliviano, boliviana
BA Bosnia and Herzegovina, Bosnia-Herzegovina, Bosnie-Herzégovine, Bosnia y Herzegovina, Bosnia,
    BiH, B&H
    | Bosnian, bosnien, bosnio
BW Botswana | Motswana, Batswana, Botswanan
BR Brazil, Brésil, Brasil | Brazilian, brésilien, brésilienne, brasileño, brasileña
BN Brunei Darussalam, Brunei, Brunéi | Bruneian
BG Bulgaria, Bulgarie | Bulgarian, bulgare, búlgaro, búlgara
BF Burkina Faso | Burkinabe, Burkinabè, burkinabé
BI Burundi | Burundian, burundais, burundaise
CV Cabo Verde, Cape Verde, Cap-Vert | Cape Verdean, cap-verdien
KH Cambodia, Cambodge, Camboya | Cambodian, cambodgien, cambodgienne, camboyano
CM Cameroon, Cameroun, Camerún | Cameroonian, camerounais, camerounaise, camerunés, camerunesa
CA Canada, Canadá | Canadian, canadien, canadienne, canadiense
CF Central African Republic, République centrafricaine, Centrafrique, República Centroafricana |
    Central African, centrafricain, centrafricaine
TD Chad, Tchad | Chadian, tchadien, tchadienne, chadiano
CL Chile, Chili | Chilean, chilien, chilienne, chileno, chilena
CN China, Chine, People's Republic of China | Chinese, chinois, chinoise, chino, china
CK Cook Islands, Îles Cook, Islas Cook | Cook Islander
CO Colombia, Colombie | Colombian, colombien, colombienne, colombiano, colombiana
KM Comoros, Comores, Comoras | Comorian, comorien
CG Congo, Republic of the Congo, Republic of Congo, Congo-Brazzaville, République du Congo |
    Congolese, congolais, congolaise, congoleño
CD Democratic Republic of the Congo, DRC, RDC, Democratic Republic of Congo, DR Congo, République
    démocratique du Congo, RD Congo, República Democrática del Congo, Congo-Kinshasa,
    Democratic Rep. Congo, Dem. Rep. Congo, Democratic Rep. of the Congo, DR of Congo |
CR Costa Rica | Costa Rican, costaricien, costarricense
CI Côte d'Ivoire, Cote d'Ivoire, Ivory Coast, Costa de Marfil | Ivorian, ivoirien, ivoirienne,
    marfileño
HR Croatia, Croatie, Croacia | Croatian, Croat, croate, croata
CU Cuba | Cuban, cubain, cubaine, cubano, cubana
CY Cyprus, Chypre, Chipre | Cypriot, chypriote, chipriota
CZ Czechia, Czech Republic, Tchéquie, République tchèque, Chequia, República Checa | Czech,
    tchèque, checo, checa
KP Democratic People's Republic of Korea, North Korea, Corée du Nord, Corea del Norte, DPRK |
    North Korean
DK Denmark, Danemark, Dinamarca | Danish, Dane, danois, danoise, danés, danesa
DJ Djibouti, Yibuti | Djiboutian, djiboutien, djiboutienne
DM Dominica, Dominique | Dominican (Dominica)
DO Dominican Republic, République dominicaine, República Dominicana | Dominican, dominicain,
    dominicaine, dominicano, dominicana
EC Ecuador, Équateur | Ecuadorian, Ecuadorean, équatorien, équatorienne, ecuatoriano, ecuatoriana
EG Egypt, Égypte, Egipto | Egyptian, égyptien, égyptienne, egipcio, egipcia
SV El Salvador, Salvador | Salvadoran, Salvadorean, salvadorien, salvadoreño, salvadoreña
GQ Equatorial Guinea, Guinée équatoriale, Guinea Ecuatorial | Equatorial Guinean, Equatoguinean
ER Eritrea, Érythrée | Eritrean, érythréen, érythréenne, eritreo, eritrea
EE Estonia, Estonie | Estonian, estonien, estonienne, estonio, estonia
SZ Eswatini, Swaziland | Swazi, Emaswati
ET Ethiopia, Éthiopie, Etiopía | Ethiopian, éthiopien, éthiopienne, etíope
FJ Fiji, Fidji, Fiyi | Fijian, fidjien
FI Finland, Finlande, Finlandia | Finnish, Finn, finlandais, finlandaise, finlandés, finlandesa
FR France, Francia | French, français, française, francés, francesa
GA Gabon, Gabón | Gabonese, gabonais, gabonaise, gabonés
GM Gambia, The Gambia, Gambie | Gambian, gambien, gambienne
GE Georgia, Géorgie | Georgian, géorgien, géorgienne, georgiano, georgiana
DE Germany, Allemagne, Alemania, Deutschland | German, allemand, allemande, alemán, alemana
GH Ghana | Ghanaian, ghanéen, ghanéenne, ghanés, ghanesa
GR Greece, Grèce, Grecia | Greek, grec, grecque, griego, griega
GD Grenada, Grenade, Granada | Grenadian
GT Guatemala | Guatemalan, guatémaltèque, guatemalteco, guatemalteca
GN Guinea, Guinée | Guinean, guinéen, guinéenne, guineano
GW Guinea-Bissau, Guinée-Bissau | Bissau-Guinean
GY Guyana | Guyanese
HT Haiti, Haïti, Haití | Haitian, haïtien, haïtienne, haitiano, haitiana
HN Honduras | Honduran, hondurien, hondureño, hondureña
HU Hungary, Hongrie, Hungría | Hungarian, hongrois, hongroise, húngaro, húngara
IS Iceland, Islande, Islandia | Icelandic, Icelander, islandais, islandaise, islandés
IN India, Inde | Indian, indien, indienne, indio, hindú
ID Indonesia, Indonésie | Indonesian, indonésien, indonésienne, indonesio, indonesia
IR Iran, Islamic Republic of Iran, Irán | Iranian, iranien, iranienne, iraní
IQ Iraq, Irak | Iraqi, irakien, irakienne, iraquí
IE Ireland, Irlande, Irlanda | Irish, irlandais, irlandaise, irlandés, irlandesa
IL Israel, Israël | Israeli, israélien, israélienne, israelí
IT Italy, Italie, Italia | Italian, italien, italienne, italiano, italiana
JM Jamaica, Jamaïque | Jamaican, jamaïcain, jamaicano
JP Japan, Japon, Japón | Japanese, japonais, japonaise, japonés, japonesa
JO Jordan, Jordanie, Jordania | Jordanian, jordanien, jordanienne, jordano, jordana
KZ Kazakhstan, Kazajistán | Kazakh, Kazakhstani, kazakh, kazakhe
KE Kenya, Kenia | Kenyan, kényan, kényane, keniano, keniana
KI Kiribati |
KW Kuwait, Koweït, Koweit | Kuwaiti, koweïtien, koweïtienne, kuwaití
KG Kyrgyzstan, Kirghizistan, Kirguistán | Kyrgyz, Kyrgyzstani, kirghize
LA Lao People's Democratic Republic, Lao PDR, Lao P.D.R., Laos | Laotian, Lao, laotien,
    laotienne
LV Latvia, Lettonie, Letonia | Latvian, letton, lettone, letón, letona
LB Lebanon, Liban, Líbano | Lebanese, libanais, libanaise, libanés, libanesa
LS Lesotho | Basotho, Mosotho
LR Liberia | Liberian, libérien, libérienne, liberiano
LY Libya, Libye, Libia | Libyan, libyen, libyenne, libio, libia
LI Liechtenstein |
LT Lithuania, Lituanie, Lituania | Lithuanian, lituanien, lituanienne, lituano, lituana
LU Luxembourg, Luxemburgo | Luxembourgish, Luxembourger, luxembourgeois, luxembourgeoise,
    luxemburgués
MG Madagascar | Malagasy, malgache
MW Malawi | Malawian, malawien, malauí
MY Malaysia, Malaisie, Malasia | Malaysian, malaisien, malaisienne, malasio
MV Maldives, Maldivas | Maldivian
ML Mali, Malí | Malian, malien, malienne, maliense
MT Malta, Malte | Maltese, maltais, maltaise, maltés
MH Marshall Islands, Îles Marshall |
MR Mauritania, Mauritanie | Mauritanian, mauritanien, mauritanienne, mauritano
MU Mauritius, Maurice, Mauricio | Mauritian, mauricien, mauricienne
MX Mexico, Mexique, México, Méjico | Mexican, mexicain, mexicaine, mexicano, mexicana
FM Micronesia, Micronésie |
MD Moldova, Republic of Moldova, Moldavie | Moldovan, moldave
MC Monaco, Mónaco | Monegasque, monégasque
MN Mongolia, Mongolie | Mongolian, mongol
ME Montenegro, Monténégro | Montenegrin, monténégrin
MA Morocco, Maroc, Marruecos | Moroccan, marocain, marocaine, marroquí
MZ Mozambique | Mozambican, mozambicain, mozambicaine, mozambiqueño
MM Myanmar, Burma, Birmanie, Birmania | Burmese, Myanmar national, birman
NA Namibia, Namibie | Namibian, namibien, namibienne
NR Nauru |
NP Nepal, Népal | Nepalese, Nepali, népalais, népalaise, nepalí
NL Netherlands, The Netherlands, Holland, Pays-Bas, Países Bajos, Holanda | Dutch, néerlandais,
    néerlandaise, neerlandés, neerlandesa, holandés, holandesa
NU Niue, Nioué |
NZ New Zealand, Nouvelle-Zélande, Nueva Zelanda | New Zealander, Kiwi, néo-zélandais,
    néo-zélandaise, neozelandés, neozelandesa
NI Nicaragua | Nicaraguan, nicaraguayen, nicaragüense
NE Niger, Níger | Nigerien, nigérien, nigérienne
NG Nigeria, Nigéria | Nigerian, nigérian, nigériane, nigeriano, nigeriana
MK North Macedonia, Macedonia, Macédoine du Nord, Macedonia del Norte | Macedonian, macédonien
NO Norway, Norvège, Noruega | Norwegian, norvégien, norvégienne, noruego, noruega
OM Oman, Omán | Omani, omanais, omaní
PK Pakistan, Pakistán | Pakistani, pakistanais, pakistanaise, pakistaní
PW Palau, Palaos | Palauan
PA Panama, Panamá | Panamanian, panaméen, panameño, panameña
PG Papua New Guinea, Papouasie-Nouvelle-Guinée, Papúa Nueva Guinea | Papua New Guinean
PY Paraguay | Paraguayan, paraguayen, paraguayo, paraguaya
PE Peru, Pérou, Perú | Peruvian, péruvien, péruvienne, peruano, peruana
PH Philippines, Filipinas | Filipino, Philippine, philippin, philippine, filipino, filipina
PL Poland, Pologne, Polonia | Polish, Pole, polonais, polonaise, polaco, polaca
PT Portugal | Portuguese, portugais, portugaise, portugués, portuguesa
QA Qatar, Katar | Qatari, qatari, qatarien, qatarienne, catarí, qatarí
KR Republic of Korea, South Korea, Korea, Corée du Sud, Corée, Corea del Sur, Corea | Korean,
    South Korean, coréen, coréenne, coreano, coreana, surcoreano
RO Romania, Roumanie, Rumania, Rumanía | Romanian, roumain, roumaine, rumano, rumana
RU Russian Federation, Russia, Russie, Rusia, Fédération de Russie | Russian, russe, ruso, rusa
RW Rwanda, Ruanda | Rwandan, rwandais, rwandaise, ruandés
KN Saint Kitts and Nevis |
LC Saint Lucia, Sainte-Lucie |
VC Saint Vincent and the Grenadines |
WS Samoa |
SM San Marino, Saint-Marin |
ST Sao Tome and Principe, São Tomé and Príncipe, Sao Tomé-et-Principe |
SA Saudi Arabia, Kingdom of Saudi Arabia, KSA, Arabie saoudite, Arabia Saudita, Arabia Saudí |
    Saudi, Saudi Arabian, saoudien, saoudienne, saudí, saudita
SN Senegal, Sénégal | Senegalese, sénégalais, sénégalaise, senegalés, senegalesa
RS Serbia, Serbie | Serbian, Serb, serbe, serbio, serbia
SC Seychelles |
SL Sierra Leone, Sierra Leona | Sierra Leonean, sierra-léonais
SG Singapore, Singapour, Singapur | Singaporean, singapourien
SK Slovakia, Slovaquie, Eslovaquia | Slovak, Slovakian, slovaque, eslovaco, eslovaca
SI Slovenia, Slovénie, Eslovenia | Slovenian, Slovene, slovène, esloveno, eslovena
SB Solomon Islands, Îles Salomon |
SO Somalia, Somalie | Somali, somalien, somalienne, somalí
ZA South Africa, Afrique du Sud, Sudáfrica | South African, sud-africain, sud-africaine,
    sudafricano, sudafricana
SS South Sudan, South-Sudan, Soudan du Sud, Sudán del Sur | South Sudanese, sud-soudanais
ES Spain, Espagne, España | Spanish, Spaniard, espagnol, espagnole, español, española
LK Sri Lanka | Sri Lankan, sri-lankais, srilanqués
SD Sudan, Soudan, Sudán | Sudanese, soudanais, soudanaise, sudanés, sudanesa
SR Suriname, Surinam | Surinamese
SE Sweden, Suède, Suecia | Swedish, Swede, suédois, suédoise, sueco, sueca
CH Switzerland, Suisse, Suiza, Schweiz | Swiss, suisse, suizo, suiza
SY Syria, Syrian Arab Republic, Syrie, Siria | Syrian, syrien, syrienne, sirio, siria
TJ Tajikistan, Tadjikistan, Tayikistán | Tajik, Tajikistani, tadjik
TZ Tanzania, United Republic of Tanzania, Tanzanie | Tanzanian, tanzanien, tanzanienne, tanzano
TH Thailand, Thaïlande, Tailandia | Thai, thaïlandais, thaïlandaise, tailandés, tailandesa
TL Timor-Leste, East Timor, Timor oriental | Timorese
TG Togo | Togolese, togolais, togolaise, togolés
TO Tonga | Tongan
TT Trinidad and Tobago, Trinité-et-Tobago, Trinidad y Tobago | Trinidadian
TN Tunisia, Tunisie, Túnez | Tunisian, tunisien, tunisienne, tunecino, tunecina
TR Türkiye, Turkey, Turquie, Turquía | Turkish, Turk, turc, turque, turco, turca
TM Turkmenistan, Turkménistan | Turkmen
TV Tuvalu |
UG Uganda, Ouganda | Ugandan, ougandais, ougandaise, ugandés
UA Ukraine, Ucrania | Ukrainian, ukrainien, ukrainienne, ucraniano, ucraniana
AE United Arab Emirates, UAE, Émirats arabes unis, Emiratos Árabes Unidos | Emirati, émirien,
    emiratí
GB United Kingdom, UK, Great Britain, Britain, England, Scotland, Wales, Northern Ireland,
    Royaume-Uni, Reino Unido | British, Briton, English, Scottish, Welsh, britannique, británico,
    británica
US United States, United States of America, USA, US, U.S.A., U.S., États-Unis, Etats-Unis, Estados
    Unidos, EE.UU., EEUU | American, US citizen, américain, américaine, estadounidense,
    norteamericano, norteamericana
UY Uruguay | Uruguayan, uruguayen, uruguayenne, uruguayo, uruguaya
UZ Uzbekistan, Ouzbékistan, Uzbekistán | Uzbek, Uzbekistani, ouzbek
VU Vanuatu |
VE Venezuela | Venezuelan, vénézuélien, vénézuélienne, venezolano, venezolana
VN Viet Nam, Vietnam | Vietnamese, vietnamien, vietnamienne, vietnamita
YE Yemen, Yémen | Yemeni, yéménite, yemení
ZM Zambia, Zambie | Zambian, zambien, zambienne, zambiano
ZW Zimbabwe, Zimbabue | Zimbabwean, zimbabwéen, zimbabuense
PS State of Palestine, Palestine, Palestina | Palestinian, palestinien, palestinienne,
    palestino, palestina
VA Holy See, Vatican |
"""

# Abbreviations that are ordinary words in lower case ("us", "uk" rarely): case-sensitive.
_CASE_SENSITIVE_COUNTRY = frozenset(
    {"us", "u.s.", "usa", "uk", "uae", "ksa", "dprk", "u.s.a.", "drc", "rdc"}
)
# Nouns that make a language-like demonym ("French", "German") mean nationality.
_NATIONALITY_CONTEXT = re.compile(
    r"\s*(?:and\s+\w+\s+)?(?:nationals?|citizens?|citizenship|nationality|passport|origin"
    r"|ressortissants?|citoyens?|citoyennete|nationalite|nacionales|ciudadan[oa]s?"
    r"|nacionalidad)\b"
)
_NATIONALITY_PREFIX = re.compile(
    r"(?:nationality|citizenship|nationalite|nacionalidad|ciudadania|citoyennete|nationalities)"
    r"\s*[:\-]?\s*(?:\w+\s*[,/&]\s*|\w+\s+(?:and|et|y)\s+)*$"
)


def _parse_countries() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for line in table_lines(_COUNTRY_TABLE):
        code, _, rest = line.partition(" ")
        name_part, _, demonym_part = rest.partition("|")
        for name in name_part.split(","):
            if name.strip():
                names.setdefault(fold(name.strip()), code)
        for demonym in demonym_part.split(","):
            demonym = re.sub(r"\(.*?\)", "", demonym).strip()
            if demonym:
                demonyms.setdefault(fold(demonym), code)
    return names, demonyms


_COUNTRY_NAMES, _DEMONYMS = _parse_countries()

# Portuguese demonyms (Portuguese CVs: "Nacionalidade: brasileira"), "CODE | demonyms";
# demonyms the table above already knows ("portuguesa", "belga", "sueco") are not repeated.
_PORTUGUESE_DEMONYMS = """
BR | brasileiro, brasileira
AO | angolano, angolana
MZ | moçambicano, moçambicana
CV | cabo-verdiano, cabo-verdiana
GW | guineense
ST | são-tomense, santomense
TL | timorense
PT | português
ES | espanhol, espanhola
FR | francês
DE | alemão, alemã
GB | britânico
US | norte-americano, norte-americana, estadunidense
NL | holandês, neerlandês
CH | suíço
NO | norueguês, norueguesa
DK | dinamarquês, dinamarquesa
IE | irlandês
PL | polonês, polonesa
RU | russo
GR | grego, grega
JP | japonês
CN | chinês, chinesa
IN | indiano, indiana
CA | canadense, canadiano, canadiana
VE | venezuelano, venezuelana
UY | uruguaio, uruguaia
PY | paraguaio, paraguaia
EC | equatoriano, equatoriana
KE | queniano, queniana
ZA | sul-africano, sul-africana
MA | marroquino, marroquina
SN | senegalês
CM | camaronês, camaronesa
GH | ganês, ganesa
LB | libanês
"""
for _line in table_lines(_PORTUGUESE_DEMONYMS):
    _code, _, _words = _line.partition("|")
    for _word in _words.split(","):
        if _word.strip():
            _DEMONYMS.setdefault(fold(_word.strip()), _code.strip())
# A demonym may be plural ("Nationality: Sri Lankans only").
_COUNTRY_RE = re.compile(
    r"(?<![\w.-])(?:" + words_pattern([*_COUNTRY_NAMES, *_DEMONYMS]) + r")s?(?![\w-])"
)


def _strip_key(word: str) -> str:
    key = " ".join(fold(word).strip(" \t\n,;:()[]*").split())
    key = re.sub(r"^(?:the|la|le|les|el|l')\s*", "", key)
    return key


def country_code(word: str) -> str | None:
    """ISO 3166 alpha-2 code from a country name or demonym (en/fr/es), or None.

    Meant for nationality contexts: "German", "allemande", "alemán" give "DE" even though they
    are also language names.

    Args:
        word: A country name, demonym or short phrase ("Kuwaiti", "the Netherlands",
            "nationalité française", "German citizen").

    Returns:
        The alpha-2 code, or None.
    """
    key = _strip_key(word)
    if not key:
        return None
    for table in (_COUNTRY_NAMES, _DEMONYMS):
        if key in table:
            return table[key]
    if key.rstrip(".") in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[key.rstrip(".")]
    found = _scan_countries(word, strict=False)
    return found[0][0] if found else None


def _scan_countries(text: str, *, strict: bool) -> list[tuple[str, int, int]]:
    folded = fold(text)
    found: list[tuple[str, int, int]] = []
    for match in _COUNTRY_RE.finditer(folded):
        key = " ".join(match.group(0).split())
        if key not in _COUNTRY_NAMES and key not in _DEMONYMS:
            if key[:-1] not in _DEMONYMS:
                continue  # a name with an "s" after it is no plural of anything
            key = key[:-1]
        start, end = match.start(), match.end()
        original = text[start:end]
        is_name = key in _COUNTRY_NAMES
        if key in _CASE_SENSITIVE_COUNTRY and original != original.upper():
            continue
        if strict and is_name and not original[0].isupper():
            continue
        if not is_name and strict and canonical_language(key) is not None:
            # "French" is a language far more often than a nationality in a ToR or CV.
            after = _NATIONALITY_CONTEXT.match(folded, end)
            before = _NATIONALITY_PREFIX.search(folded[max(0, start - 80) : start])
            if after is None and before is None:
                continue
        code = _COUNTRY_NAMES[key] if is_name else _DEMONYMS[key]
        found.append((code, start, end))
    return found


def find_countries(text: str) -> list[tuple[str, int, int]]:
    """Every country named in ``text``, as (ISO alpha-2 code, start, end), in order.

    Country names count when capitalised; demonyms count in any case, except those that are
    also language names ("French", "alemán"), which count only next to a nationality word
    ("French nationals", "Nationality: German", "de nationalité française").

    Args:
        text: Free text.

    Returns:
        A list of (code, start offset, end offset) tuples into ``text``.
    """
    return _scan_countries(text, strict=True)
