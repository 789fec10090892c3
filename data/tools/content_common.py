"""Content of the strategy and the three common action plans (hand-written tables).

Every statement is written into a named graph that says where it comes from: a source (or a
section of one) listed in SOURCES, or the illustrative graph. A table row says which of its
fields are sourced; everything else is illustrative (see data/README.md, docs/provenance.md).
"""

from ttl import ILLUSTRATIVE as ILL

# --- provenance: the graphs statements are written into -----------------------------------
# The chapter (shared/sources/it-strategi-2010-2014-implementering.da.txt) and its sections.
CH = "kk:kilde-it-strategi"
CH_SAMMENHAENG = "kk:kilde-it-strategi-sammenhaeng"
CH_PLANER = "kk:kilde-it-strategi-handlingsplaner"
CH_OVERGANG = "kk:kilde-it-strategi-overgangsplan"
CH_ANSVAR = "kk:kilde-it-strategi-ansvar"
KORT = "kk:kilde-kort-version"
FORV = "kk:kilde-forvaltninger"
REFERAT = "kk:kilde-referater"
DATAKK = "kk:kilde-datakk"

CHAPTER_TITLE_DA = ("Københavns Kommunes it-strategi 2010–2014, kapitlet »Implementering og "
                    "sammenhæng mellem it-strategi og handlingsplaner«")
CHAPTER_TITLE_EN = ("City of Copenhagen IT strategy 2010–2014, chapter \"Implementering og "
                    "sammenhæng mellem it-strategi og handlingsplaner\" (implementation and coherence "
                    "of IT strategy and action plans)")

# graph -> (kind, label da, label en, comment da or None, (document, locator da, locator en) or None)
SOURCES = {
    CH: ("kkt:Source", CHAPTER_TITLE_DA, CHAPTER_TITLE_EN,
         "Kapitlet om implementering af it-strategien og sammenhængen med handlingsplanerne.", None),
    CH_SAMMENHAENG: ("kkt:Evidence", "It-strategien 2010–2014, afsnittet »Sammenhæng«",
                     "IT strategy 2010–2014, section \"Sammenhæng\" (coherence)", None,
                     (CH, "afsnittet »Sammenhæng«", "section \"Sammenhæng\"")),
    CH_PLANER: ("kkt:Evidence", "It-strategien 2010–2014, afsnittet »Handlingsplaner generelt«",
                "IT strategy 2010–2014, section \"Handlingsplaner generelt\" (action plans in general)",
                None, (CH, "afsnittet »Handlingsplaner generelt«", "section \"Handlingsplaner generelt\"")),
    CH_OVERGANG: ("kkt:Evidence", "It-strategien 2010–2014, afsnittet »Overgangshandlingsplanen«",
                  "IT strategy 2010–2014, section \"Overgangshandlingsplanen\" (the transition plan)",
                  None, (CH, "afsnittet »Overgangshandlingsplanen«", "section \"Overgangshandlingsplanen\"")),
    CH_ANSVAR: ("kkt:Evidence", "It-strategien 2010–2014, afsnittet »Placering af ansvar og opfølgning«",
                "IT strategy 2010–2014, section \"Placering af ansvar og opfølgning\" "
                "(responsibility and follow-up)", None,
                (CH, "afsnittet »Placering af ansvar og opfølgning«",
                 "section \"Placering af ansvar og opfølgning\"")),
    KORT: ("kkt:Source", "kk.dk: »It-strategien – den korte version«",
           "kk.dk: \"It-strategien – den korte version\" (the IT strategy, short version)",
           "Kommunens egen korte udgave af it-strategien: vision og de fem perspektiver.", None),
    FORV: ("kkt:Source", "kk.dk: kommunens syv forvaltninger i perioden 2010–2014",
           "kk.dk: the municipality's seven administrations in 2010–2014",
           "Offentlige oplysninger om forvaltningernes navne i perioden; kapitlet nævner selv "
           "»kommunens syv forvaltninger«.", None),
    REFERAT: ("kkt:Source", "Referater fra Økonomiudvalget og Borgerrepræsentationen 2012–2014",
              "Minutes of the Finance Committee and the City Council 2012–2014",
              "Fælles it-investeringer og beslutninger nævnt i de politiske referater.", None),
    DATAKK: ("kkt:Source", "data.kk.dk, kommunens åbne dataportal",
             "data.kk.dk, the municipality's open data portal", None, None),
    ILL: ("kkt:IllustrativeContent", "Illustrativt indhold", "Illustrative content",
          "Skrevet til referencedata, så den er realistisk; ikke taget fra en kilde (data/README.md).",
          None),
}
GRAPH_ORDER = list(SOURCES)
GRAPH_TITLES = {
    g: ("Illustrative: not taken from any source" if g == ILL else f"From: {v[2]}")
    for g, v in SOURCES.items()
}

# --- strategy ---------------------------------------------------------------------------

FOCUS_AREAS = [
    # n, da, en, comment (illustrative unless the focus area is listed in FA_COMMENT_SOURCED)
    (1, "Borgere, virksomheder og brugere", "Citizens, businesses and users",
     "Perspektivet på dem, kommunen betjener: borgere, virksomheder og brugere af kommunens "
     "tilbud skal møde en åben, sammenhængende og digital kommune."),
    (2, "Kommunens opgaver – og måden at løse dem på",
     "The municipality's tasks – and the way they are solved",
     "Perspektivet på kerneopgaverne og arbejdsgangene: opgaver, der løses i flere "
     "forvaltninger, skal løses med fælles, digitale løsninger."),
    (3, "Medarbejdere", "Staff",
     "Perspektivet på kommunens medarbejdere: attraktive arbejdspladser, adgang til "
     "elektronisk kommunikation og styrkede digitale kompetencer."),
    (4, "Styring af it-udviklingen", "Governance of IT development",
     "Perspektivet på beslutninger og styring: en styringsmodel for it og "
     "porteføljestyring af de større it-projekter."),
    (5, "Drift og udvikling af it-platformen", "Operation and development of the IT platform",
     "Perspektivet på den fælles it-platform: stabil, sikker og konsolideret drift og en "
     "moderne infrastruktur."),
]

FA_COMMENT_SOURCED = {3: KORT}

STRATEGIC_GOALS = [
    # id, focus area, da, en, source graph (None = illustrative)
    ("SM-1-1", 1, "Digital selvbetjening er den foretrukne kanal for borgere og virksomheder",
     "Digital self-service is the preferred channel for citizens and businesses", None),
    ("SM-1-2", 1, "Kommunens data og viden er åbne og tilgængelige",
     "The municipality's data and knowledge are open and accessible", None),
    ("SM-2-1", 2, "Effektive, digitaliserede arbejdsgange",
     "Efficient, digitised work processes", None),
    ("SM-2-2", 2, "Fælles løsninger, hvor samme opgave løses i flere forvaltninger",
     "Common solutions where the same task is solved in several administrations", None),
    ("SM-3-1", 3, "Attraktive arbejdspladser", "Attractive workplaces", KORT),
    ("SM-3-2", 3, "Adgang til elektronisk kommunikation – også for mobile medarbejdere",
     "Access to electronic communication – also for mobile staff", KORT),
    ("SM-3-3", 3, "Øgede digitale kompetencer hos medarbejderne",
     "Raised digital skills among staff", KORT),
    ("SM-4-1", 4, "Effektive fælles beslutninger om it gennem en styringsmodel",
     "Effective common decisions on IT through a governance model", KORT),
    ("SM-4-2", 4, "Porteføljestyring af alle større it-projekter",
     "Portfolio management of all major IT projects", None),
    ("SM-5-1", 5, "Stabil og sikker it-drift på en konsolideret platform",
     "Stable and secure IT operation on a consolidated platform", None),
    ("SM-5-2", 5, "En moderne, fælles it-infrastruktur",
     "A modern, common IT infrastructure", None),
]

# --- common plans -----------------------------------------------------------------------
# goal: (n, da, en, [strategic goal ids], comment)
# initiative: dict(n, prio, da, en, goals, resp, start, end, st={year: status}, cont, budget,
#                  ic, comment, src)

OHP_GOALS = [
    (1, "Konsolideret it-drift og infrastruktur", "Consolidated IT operation and infrastructure",
     ["SM-5-1"], "Konsolidering af servere, netværk og pc-arbejdspladser som grundlag for "
     "den nye strategi."),
    (2, "Styrket it-beslutningsproces med processer, metoder og værktøjer",
     "A stronger IT decision process with processes, methods and tools",
     ["SM-4-1", "SM-4-2"], "Processer, metoder og værktøjer til struktureret udvikling samt "
     "styring og koordinering af fælles og forvaltningsspecifikke it-initiativer."),
    (3, "Fælles forudsætninger for digital selvbetjening",
     "Common prerequisites for digital self-service", ["SM-1-1"],
     "Fælles platform og log-in, så forvaltningerne kan tilbyde selvbetjening."),
    (4, "Konsolidering af fælles administrative løsninger",
     "Consolidation of common administrative solutions", ["SM-2-2"],
     "Færre parallelle administrative systemer på tværs af forvaltningerne."),
]

OHP_INITIATIVES = [
    dict(n=1, prio=1, da="Etablering af porteføljestyring for større it-projekter",
         en="Establishing portfolio management of major IT projects", goals=[2],
         resp="strategisk-it", start="2009-09", end="2010-12", st={2010: "InProgress"},
         comment="Fælles oversigt over alle større it-projekter som grundlag for it-chefforums "
                 "prioritering."),
    dict(n=2, prio=2, da="Udarbejdelse af styringsmodel for it", en="Drafting an IT governance model",
         goals=[2], resp="strategisk-it", start="2009-08", end="2010-12", st={2010: "InProgress"},
         comment="Forslag til roller, ansvar og beslutningsgange for fælles og lokale it-initiativer."),
    dict(n=3, prio=3, da="Fælles projektmodel og metoder for it-projekter",
         en="Common project model and methods for IT projects", goals=[2], resp="strategisk-it",
         start="2009-07", end="2010-06", st={2010: "Completed"},
         comment="Fælles projektmodel med faser, beslutningspunkter og skabeloner."),
    dict(n=4, prio=4, da="Konsolidering af servere og serverrum",
         en="Consolidation of servers and server rooms", goals=[1], resp="koncernservice",
         start="2009-07", end="2010-12", st={2010: "InProgress"}, ic="Investeringskatalog 2010",
         comment="Flytning af forvaltningernes servere til Koncernservices driftscenter."),
    dict(n=5, prio=5, da="Fælles brugeradministration og identitetsstyring",
         en="Common user administration and identity management", goals=[1],
         resp="koncernservice", start="2009-10", end="2010-12", st={2010: "InProgress"},
         comment="Én fælles brugerdatabase for alle medarbejdere i stedet for forvaltningsvise."),
    dict(n=6, prio=6, da="Standardisering af pc-arbejdspladser",
         en="Standardisation of PC workplaces", goals=[1], resp="koncernservice",
         start="2009-07", end="2010-09", st={2010: "Completed"}, ic="Investeringskatalog 2010",
         comment="Fælles standardopsætning af administrative pc'er."),
    dict(n=7, prio=7, da="Sammenkobling af forvaltningernes netværk",
         en="Interconnecting the administrations' networks", goals=[1], resp="koncernservice",
         start="2009-07", end="2010-10", st={2010: "Completed"},
         comment="Fælles netværk mellem forvaltningerne med fælles sikkerhedspolitik."),
    dict(n=8, prio=8, da="Fælles servicedesk i Koncernservice", en="Common service desk in Koncernservice",
         goals=[1], resp="koncernservice", start="2009-07", end="2010-06", st={2010: "Completed"},
         comment="Én indgang for medarbejdernes it-henvendelser."),
    dict(n=9, prio=9, da="Analyse af kommunens mainframe-anvendelse",
         en="Analysis of the municipality's mainframe use", goals=[1], resp="koncernservice",
         start="2010-01", end="2010-12", st={2010: "Completed"},
         comment="Kortlægning af applikationer på mainframen som grundlag for en udfasningsplan."),
    dict(n=10, prio=10, da="NemLog-in og NemID i kommunens selvbetjeningsløsninger",
         en="NemLog-in and NemID in the municipality's self-service solutions", goals=[3],
         resp="OEKF", start="2010-01", end="2010-12", st={2010: "InProgress"},
         comment="Fælles log-in til selvbetjeningsløsningerne på kk.dk."),
    dict(n=11, prio=11, da="Fælles selvbetjeningsplatform på kk.dk",
         en="Common self-service platform on kk.dk", goals=[3], resp="OEKF",
         start="2009-09", end="2010-12", st={2010: "InProgress"}, ic="Investeringskatalog 2010",
         comment="Platform, som forvaltningerne kan bygge selvbetjeningsløsninger på."),
    dict(n=12, prio=12, da="Forberedelse af Digital Post i kommunen",
         en="Preparing Digital Post in the municipality", goals=[3], resp="OEKF",
         start="2010-03", end="2010-12", st={2010: "Completed"},
         comment="Pilot med digital forsendelse af breve fra to forvaltninger."),
    dict(n=13, prio=13, da="Konsolidering af ESDH-løsninger", en="Consolidation of EDRMS solutions",
         goals=[4], resp="koncernservice", start="2009-07", end="2010-12", st={2010: "InProgress"},
         comment="Færre ESDH-løsninger; ét fælles ESDH-system som mål."),
    dict(n=14, prio=14, da="Konsolidering af løn- og personalesystemer",
         en="Consolidation of payroll and HR systems", goals=[4], resp="OEKF",
         start="2009-07", end="2010-12", st={2010: "Completed"},
         comment="Fælles løn- og personalesystem for alle forvaltninger; foreslået i "
                 "effektiviseringsstrategien."),
    dict(n=15, prio=15, da="Fælles e-handelssystem til indkøb", en="Common e-procurement system",
         goals=[4], resp="OEKF", start="2009-10", end="2010-12", st={2010: "Cancelled"},
         comment="Annulleret i 2010; indkøbsområdet håndteres i effektiviseringsstrategien."),
    dict(n=16, prio=16, da="Kortlægning af forvaltningernes fagsystemer",
         en="Mapping the administrations' line-of-business systems", goals=[4],
         resp="strategisk-it", start="2010-01", end="2010-10", st={2010: "Completed"},
         comment="Oversigt over fagsystemer, ejere og kontrakter som grundlag for konsolidering."),
]

F11_GOALS = [
    (1, "Flere borgerhenvendelser håndteres digitalt gennem selvbetjening",
     "More citizen enquiries are handled digitally through self-service", ["SM-1-1"],
     "Udbygning af selvbetjening og Digital Post i tråd med den fællesoffentlige "
     "digitaliseringsstrategi 2011–2015."),
    (2, "Færre og fælles administrative systemer", "Fewer and common administrative systems",
     ["SM-2-2", "SM-2-1"], "Konsolidering af økonomi-, ESDH- og personalesystemer."),
    (3, "Medarbejderne har fælles e-mail, kalender og mobile løsninger",
     "Staff have common e-mail, calendar and mobile solutions", ["SM-3-2", "SM-3-1"],
     "Adgang til elektronisk kommunikation, også for mobile medarbejdere."),
    (4, "Styringsmodel og porteføljestyring for it er implementeret",
     "The IT governance model and portfolio management are implemented", ["SM-4-1", "SM-4-2"],
     "It-chefforum træffer fælles beslutninger ud fra en samlet portefølje."),
    (5, "Konsolideret og sikker it-drift", "Consolidated and secure IT operation", ["SM-5-1"],
     "Fortsat konsolidering af servere, identiteter og netværk; fælles informationssikkerhed."),
    (6, "Styrkede digitale kompetencer hos medarbejdere og ledere",
     "Stronger digital skills among staff and managers", ["SM-3-3"],
     "Kompetenceudvikling, så medarbejderne kan bruge de nye fælles løsninger."),
]

F11_INITIATIVES = [
    dict(n=1, prio=1, da="Implementering af it-styringsmodel", en="Implementing the IT governance model",
         goals=[4], resp="strategisk-it", start="2011-01", end="2012-06",
         st={2011: "InProgress", 2012: "Completed"}, cont="OHP-2009-I02", budget=2500000,
         comment="Styringsmodellen vedtages og indføres i it-chefforum og forvaltningerne."),
    dict(n=2, prio=11, da="Porteføljestyring af større it-projekter",
         en="Portfolio management of major IT projects", goals=[4], resp="strategisk-it",
         start="2011-01", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         cont="OHP-2009-I01", budget=1800000,
         comment="Halvårlig porteføljerapportering til it-chefforum."),
    dict(n=3, prio=4, da="Udbygning af den fælles selvbetjeningsplatform",
         en="Extending the common self-service platform", goals=[1], resp="OEKF",
         start="2011-01", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         cont="OHP-2009-I11", budget=9500000, ic="Investeringskatalog 2011",
         comment="Flere selvbetjeningsløsninger på kk.dk, forberedelse af obligatorisk selvbetjening."),
    dict(n=4, prio=15, da="NemID-integration af alle selvbetjeningsløsninger",
         en="NemID integration of all self-service solutions", goals=[1], resp="OEKF",
         start="2011-01", end="2011-12", st={2011: "Completed"}, cont="OHP-2009-I10",
         budget=1200000, comment="Alle løsninger på kk.dk bruger NemID/NemLog-in."),
    dict(n=5, prio=5, da="Digital Post til borgere og virksomheder",
         en="Digital Post to citizens and businesses", goals=[1], resp="OEKF",
         start="2011-03", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         budget=4000000, comment="Udgående breve sendes digitalt, hvor modtageren er tilmeldt."),
    dict(n=6, prio=2, da="Forundersøgelse af fælles økonomisystem (ERP)",
         en="Pre-analysis of a common finance system (ERP)", goals=[2], resp="OEKF",
         start="2012-01", end="2012-12", st={2012: "Completed"}, budget=3000000,
         comment="Forundersøgelsen i 2012 fandt mere end 40 økonomisystemer i kommunen med "
                 "samlede udgifter på ca. 70 mio. kr. om året.", src=REFERAT,
         sourced=("label", "comment")),
    dict(n=7, prio=6, da="Konsolidering til fælles ESDH-løsning",
         en="Consolidation onto a common EDRMS", goals=[2], resp="koncernservice",
         start="2011-01", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         cont="OHP-2009-I13", budget=12000000, ic="Investeringskatalog 2011",
         comment="Forvaltningernes ESDH-løsninger samles på én platform."),
    dict(n=8, prio=16, da="Integration mellem løn, HR og økonomi",
         en="Integration between payroll, HR and finance", goals=[2], resp="OEKF",
         start="2011-01", end="2012-06", st={2011: "InProgress", 2012: "Completed"},
         budget=2200000, comment="Automatisk overførsel af lønposteringer til økonomisystemerne."),
    dict(n=9, prio=9, da="Fælles e-mail og kalender på én Exchange-platform",
         en="Common e-mail and calendar on one Exchange platform", goals=[3],
         resp="koncernservice", start="2011-01", end="2011-12", st={2011: "Completed"},
         budget=6500000, comment="Forvaltningernes mailsystemer samles; fælles kalender og adressebog."),
    dict(n=10, prio=17, da="Mobile arbejdspladser – pilot", en="Mobile workplaces – pilot",
         goals=[3], resp="koncernservice", start="2011-03", end="2012-12",
         st={2011: "InProgress", 2012: "InProgress"}, budget=1500000,
         comment="Smartphones og sikker fjernadgang for udvalgte grupper af mobile medarbejdere."),
    dict(n=11, prio=10, da="Udrulning af Windows 7 på administrative pc'er",
         en="Rolling out Windows 7 on administrative PCs", goals=[3, 5], resp="koncernservice",
         start="2011-06", end="2012-12", st={2011: "InProgress", 2012: "Postponed"},
         budget=8000000,
         comment="Opgradering af operativsystemet på kommunens administrative pc'er."),
    dict(n=12, prio=7, da="Serverkonsolidering – fase 2", en="Server consolidation – phase 2",
         goals=[5], resp="koncernservice", start="2011-01", end="2012-12",
         st={2011: "InProgress", 2012: "Completed"}, cont="OHP-2009-I04", budget=7000000,
         comment="De resterende forvaltningsservere flyttes til det fælles driftscenter."),
    dict(n=13, prio=8, da="Fælles identitets- og adgangsstyring",
         en="Common identity and access management", goals=[5], resp="koncernservice",
         start="2011-01", end="2012-06", st={2011: "InProgress", 2012: "Completed"},
         cont="OHP-2009-I05", budget=3500000,
         comment="Én identitet pr. medarbejder med automatisk tildeling af rettigheder."),
    dict(n=14, prio=3, da="Udfasning af mainframe – analyse og fase 1",
         en="Mainframe phase-out – analysis and phase 1", goals=[5], resp="koncernservice",
         start="2011-01", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         budget=4000000, comment="Plan for udfasning og flytning af de første applikationer."),
    dict(n=15, prio=14, da="Fælles informationssikkerhedspolitik (ISO 27001)",
         en="Common information security policy (ISO 27001)", goals=[5], resp="koncernservice",
         start="2011-01", end="2011-12", st={2011: "Completed"}, budget=900000,
         comment="Fælles politik og regelsæt baseret på ISO 27001."),
    dict(n=16, prio=13, da="Analyse af netværkskapacitet og fornyelsesbehov",
         en="Analysis of network capacity and renewal needs", goals=[5], resp="koncernservice",
         start="2012-01", end="2012-09", st={2012: "Completed"}, budget=600000,
         comment="Grundlag for investering i kommunens netværk."),
    dict(n=17, prio=18, da="Fælles e-læringsplatform for digitale kompetencer",
         en="Common e-learning platform for digital skills", goals=[6], resp="OEKF",
         start="2011-06", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         budget=1400000,
         comment="Platform med e-læringskurser i de fælles systemer for alle medarbejdere."),
    dict(n=18, prio=19, da="Digitalt lederskab – kursusprogram for ledere",
         en="Digital leadership – course programme for managers", goals=[6], resp="OEKF",
         start="2011-01", end="2012-06", st={2011: "InProgress", 2012: "Completed"},
         budget=800000, comment="Kursusforløb om digitalisering og gevinstrealisering for ledere."),
    dict(n=19, prio=20, da="Fælles løsning til mødebooking og lokaleoversigt",
         en="Common solution for meeting room booking", goals=[2], resp="koncernservice",
         start="2011-06", end="2012-12", st={2011: "InProgress", 2012: "Cancelled"},
         budget=700000, comment="Annulleret i 2012: forvaltningerne fortsætter med lokale løsninger."),
    dict(n=20, prio=12, da="Fælles ledelsesinformation (business intelligence)",
         en="Common management information (business intelligence)", goals=[4], resp="OEKF",
         start="2011-06", end="2012-12", st={2011: "InProgress", 2012: "InProgress"},
         budget=5000000, comment="Fælles datavarehus med nøgletal på tværs af forvaltningerne."),
]

F13_GOALS = [
    (1, "Obligatorisk digital selvbetjening og Digital Post er gennemført",
     "Mandatory digital self-service and Digital Post are in place", ["SM-1-1"],
     "Bølgerne af obligatorisk selvbetjening og Digital Post til alle borgere i 2014."),
    (2, "Kommunens data er åbne og tilgængelige", "The municipality's data are open and accessible",
     ["SM-1-2"], "Data stilles til rådighed for borgere, virksomheder og udviklere."),
    (3, "Ét fælles økonomisystem og fælles løsninger på tværs af forvaltningerne",
     "One common finance system and common solutions across the administrations",
     ["SM-2-2", "SM-2-1"], "Færre fagsystemer og ét økonomisystem i stedet for mere end 40."),
    (4, "En moderne og mobil it-arbejdsplads for alle medarbejdere",
     "A modern and mobile IT workplace for all staff", ["SM-3-1", "SM-3-2", "SM-3-3"],
     "Opdaterede pc'er, e-mail og mobile løsninger samt kompetencer til at bruge dem."),
    (5, "Porteføljestyring og gevinstrealisering for alle større it-projekter",
     "Portfolio management and benefits realisation for all major IT projects", ["SM-4-2", "SM-4-1"],
     "Porteføljen følges op halvårligt i it-chefforum og årligt i Økonomiudvalget."),
    (6, "En moderniseret og stabil it-platform uden mainframe",
     "A modernised and stable IT platform without mainframe", ["SM-5-2", "SM-5-1"],
     "Mainframen udfases, netværket fornyes, og integrationer samles på én platform."),
]

F13_INITIATIVES = [
    dict(n=1, prio=1, da="Anskaffelse og implementering af fælles økonomisystem (ERP)",
         en="Acquisition and implementation of a common finance system (ERP)", goals=[3],
         resp="OEKF", start="2013-04", end="2014-12", st={2013: "InProgress"}, cont="FHP-2011-I06",
         comment="Anskaffelse af et nyt fælles økonomisystem. Anskaffelsen blev besluttet af "
                 "Økonomiudvalget den 5. marts 2013.", src=REFERAT, sourced=("comment",)),
    dict(n=2, prio=2, da="Udfasning af mainframe", en="Mainframe phase-out", goals=[6],
         resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         cont="FHP-2011-I14", budget=25100000, ic="Investeringskatalog 2013",
         comment="De resterende applikationer flyttes eller afløses, og mainframen lukkes.",
         src=REFERAT, sourced=("label", "budget")),
    dict(n=3, prio=5, da="Opgradering af Exchange", en="Exchange upgrade", goals=[4],
         resp="koncernservice", start="2013-01", end="2014-06", st={2013: "InProgress"},
         cont="FHP-2011-I09", budget=10900000, ic="Investeringskatalog 2013",
         comment="Opgradering af den fælles e-mail- og kalenderplatform.", src=REFERAT,
         sourced=("label", "budget")),
    dict(n=4, prio=7, da="Investering i kommunens netværk", en="Investment in the municipal network",
         goals=[6], resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         cont="FHP-2011-I16", ic="Investeringskatalog 2013",
         comment="Fornyelse af netværket efter en analyse i 2012 (beløbet er ikke medtaget her).",
         src=REFERAT, sourced=("label",)),
    dict(n=5, prio=6, da="Opgradering af operativsystem på administrative pc'er",
         en="Upgrade of the operating system on administrative PCs", goals=[4],
         resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         cont="FHP-2011-I11", ic="Investeringskatalog 2013",
         comment="Genoptager den udskudte Windows 7-udrulning fra 2011–2012.", src=REFERAT,
         sourced=("label",)),
    dict(n=6, prio=8, da="Åben dataportal data.kk.dk", en="Open data portal data.kk.dk", goals=[2],
         resp="OEKF", start="2013-01", end="2013-09", st={2013: "Completed"}, budget=1500000,
         comment="Kommunens åbne dataportal gik i luften i september 2013.", src=DATAKK,
         sourced=("label", "comment")),
    dict(n=7, prio=3, da="Obligatorisk digital selvbetjening – bølge 2 til 4",
         en="Mandatory digital self-service – waves 2 to 4", goals=[1], resp="OEKF",
         start="2013-01", end="2014-12", st={2013: "InProgress"}, cont="FHP-2011-I03",
         budget=8000000, comment="Kommunens andel af de fællesoffentlige bølger af obligatorisk selvbetjening."),
    dict(n=8, prio=4, da="Digital Post – fuld udrulning", en="Digital Post – full roll-out", goals=[1],
         resp="OEKF", start="2013-01", end="2014-12", st={2013: "InProgress"}, cont="FHP-2011-I05",
         budget=3500000, comment="Alle borgere modtager post fra kommunen digitalt fra november 2014."),
    dict(n=9, prio=9, da="Fælles ESDH-platform – udbredelse", en="Common EDRMS platform – roll-out",
         goals=[3], resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         cont="FHP-2011-I07", budget=6000000, comment="De sidste forvaltninger flyttes til den fælles ESDH-platform."),
    dict(n=10, prio=15, da="Mobile løsninger for medarbejdere", en="Mobile solutions for staff",
         goals=[4], resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         cont="FHP-2011-I10", budget=4500000, comment="Fælles mobilplatform og sikker adgang fra tablets og smartphones."),
    dict(n=11, prio=10, da="Porteføljestyring og gevinstrealisering",
         en="Portfolio management and benefits realisation", goals=[5], resp="strategisk-it",
         start="2013-01", end="2014-12", st={2013: "InProgress"}, cont="FHP-2011-I02",
         budget=1600000, comment="Gevinstrealisering følges op for alle projekter over 5 mio. kr."),
    dict(n=12, prio=16, da="Fælles ledelsesinformation (BI) – udbygning",
         en="Common management information (BI) – extension", goals=[5], resp="OEKF",
         start="2013-01", end="2014-12", st={2013: "InProgress"}, cont="FHP-2011-I20",
         budget=4000000, comment="Datavarehuset udbygges med data fra det nye økonomisystem."),
    dict(n=13, prio=14, da="Fælles velfærdsteknologisk platform",
         en="Common welfare technology platform", goals=[3], resp="SUF", start="2013-06",
         end="2014-12", st={2013: "Approved"}, budget=7500000,
         comment="Fælles platform for skærmbesøg, sensorer og telemedicin. Business casen var "
                 "endnu ikke færdig, da planen blev forelagt.", no_bc=True),
    dict(n=14, prio=20, da="Fælles printløsning (follow-me print)", en="Common printing (follow-me print)",
         goals=[6], resp="koncernservice", start="2013-06", end="2014-12", st={2013: "InProgress"},
         budget=2000000, comment="Færre printere og udskrift på enhver printer med medarbejderkort."),
    dict(n=15, prio=13, da="Konsolidering af fagsystemer – fase 1",
         en="Consolidation of line-of-business systems – phase 1", goals=[3],
         resp="strategisk-it", start="2013-01", end="2014-12", st={2013: "InProgress"},
         budget=5000000, comment="Fagsystemer med samme funktion i flere forvaltninger samles."),
    dict(n=16, prio=21, da="Trådløst netværk i kommunens administrationsbygninger",
         en="Wireless network in the municipal office buildings", goals=[4], resp="koncernservice",
         start="2013-01", end="2014-06", st={2013: "InProgress"}, budget=3000000,
         comment="Fælles trådløst netværk for medarbejdere og gæster."),
    dict(n=17, prio=11, da="Informationssikkerhed og beskyttelse af personoplysninger",
         en="Information security and protection of personal data", goals=[6],
         resp="koncernservice", start="2013-01", end="2014-12", st={2013: "InProgress"},
         budget=2500000, comment="Risikovurderinger, sikker e-mail og logning for alle fagsystemer."),
    dict(n=18, prio=17, da="Ny fælles platform for kk.dk", en="New common platform for kk.dk", goals=[1],
         resp="OEKF", start="2013-01", end="2014-06", st={2013: "InProgress"}, budget=6000000,
         comment="Ny hjemmeside med selvbetjeningen i centrum."),
    dict(n=19, prio=19, da="Digitale kompetencer i den digitale forvaltning",
         en="Digital skills in the digital administration", goals=[4], resp="OEKF",
         start="2013-01", end="2014-12", st={2013: "InProgress"}, budget=1200000,
         comment="Medarbejdere klædes på til at hjælpe borgerne med obligatorisk selvbetjening."),
    dict(n=20, prio=18, da="Åbne geodata og programmeringsgrænseflader",
         en="Open geodata and APIs", goals=[2], resp="TMF", start="2013-03", end="2014-12",
         st={2013: "InProgress"}, budget=1800000,
         comment="Kortdata og byggesagsdata udstilles som åbne data og API'er."),
    dict(n=21, prio=12, da="Fælles integrationsplatform", en="Common integration platform", goals=[6],
         resp="koncernservice", start="2013-01", end="2014-12", st={}, status="InProgress",
         budget=5500000, comment="Én platform for integrationer mellem fagsystemer og fælles data."),
    dict(n=22, prio=22, da="Fælles kontraktstyringssystem", en="Common contract management system",
         goals=[3], resp="OEKF", start="2013-09", end="2014-12", st={2013: "Approved"},
         budget=1300000, comment="Overblik over kommunens kontrakter, herunder it-kontrakter."),
]

# Comments on status entries of common initiatives, (initiative id, year) -> text.
# Anything not listed gets a short standard comment by status.
STATUS_COMMENTS = {
    ("OHP-2009-I02", 2010): "Udkast til styringsmodel drøftet i it-chefforum; videreføres i 2011–2012.",
    ("OHP-2009-I04", 2010): "Ca. to tredjedele af serverne er flyttet; resten flyttes i fase 2.",
    ("OHP-2009-I15", 2010): "Initiativet er annulleret; indkøb håndteres i effektiviseringsstrategien.",
    ("FHP-2011-I11", 2011): "Pilotudrulning i Koncernservice gennemført; bred udrulning planlagt til 2012.",
    ("FHP-2011-I11", 2012): "Udskudt: udrulningen afventer opgradering af Exchange og fagsystemernes "
                            "kompatibilitet. Genoptages i handlingsplan 2013–2014.",
    ("FHP-2011-I06", 2012): "Forundersøgelsen er afsluttet: over 40 økonomisystemer med udgifter på "
                            "ca. 70 mio. kr. om året. Anbefaler ét fælles system.",
    ("FHP-2011-I17", 2012): "Platformen er i drift i to forvaltninger; udbredelsen er gået i stå.",
    ("FHP-2011-I19", 2012): "Annulleret; forvaltningerne bruger fortsat egne bookingløsninger.",
    ("FHP-2013-I01", 2013): "Økonomiudvalget besluttede anskaffelsen 5. marts 2013; udbud gennemført, "
                            "implementering i gang.",
    ("FHP-2013-I06", 2013): "data.kk.dk gik i luften i september 2013 med de første datasæt.",
    ("FHP-2013-I05", 2013): "Udrulningen er genoptaget; ca. 30 % af de administrative pc'er er opgraderet.",
    ("FHP-2013-I13", 2013): "Godkendt i planen, men business casen er ikke færdig; opstart afventer den.",
}
