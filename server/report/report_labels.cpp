// The reports' fixed texts. Dutch first, in the words of the content brief (stelling, kloof, niveau).
#include "server/report/report_labels.hpp"

namespace scsa::server::report {

namespace {

constexpr labels dutch{
    "SMART CITY SELF ASSESSMENT",
    "Persoonlijk rapport",
    "Workshoprapport",
    "Pagina",
    "van",
    "Dit rapport zet uw inschatting van de huidige situatie naast de gewenste situatie over 3 tot 5 jaar, "
    "voor 21 stellingen in zes thema's. Het verschil tussen beide, de kloof, is het begin van het gesprek "
    "over een smart city-routekaart. Waar er genoeg gegevens zijn, ziet u ook het gemiddelde van uw eigen "
    "gemeente, van twee andere gemeenten en van heel Nederland.",
    "Dit rapport vat de workshop samen: waar de groep nu staat, waar zij over 3 tot 5 jaar wil staan, hoe "
    "eensgezind de deelnemers zijn en waar de kloof het grootst is. De stellingen met de grootste kloof en "
    "de minste overeenstemming zijn de beste startpunten voor het gesprek over de routekaart.",
    "Huidige situatie",
    "Gewenste situatie",
    "Kloof",
    "Deelnemers",
    "Rondes",
    "U",
    "Nu",
    "Ambitie",
    "Kloof",
    "Thema",
    "Stelling",
    "Profiel per thema",
    "Gemiddeld niveau per thema (1 tot 5). Het gevulde vlak is de huidige situatie, de oranje lijn de "
    "gewenste situatie.",
    "Gemiddeld niveau van de groep per thema (1 tot 5). Het gevulde vlak is de huidige situatie, de oranje "
    "lijn de gewenste situatie.",
    "Per thema vergeleken (nu → ambitie)",
    "Startpunten voor uw routekaart",
    "De stellingen met de grootste kloof tussen nu en over 3 tot 5 jaar. Hier is de meeste beweging nodig.",
    "U heeft geen stellingen met een kloof tussen nu en de ambitie ingevuld.",
    "niveau",
    "Wat de niveaus betekenen",
    "De niveaus zijn cumulatief: niveau 3 betekent dat de beschrijvingen van niveau 1, 2 en 3 alle gelden.",
    "Uw antwoorden per stelling",
    "Per stelling uw huidige situatie en uw ambitie, met het gemiddelde van uw gemeente ernaast.",
    "Per stelling uw huidige situatie en uw ambitie, met het gemiddelde van de groep ernaast. "
    "'Groep lager' is het deel van de groep dat de huidige situatie lager inschat dan u.",
    "uw huidige situatie",
    "uw ambitie",
    "gemiddeld nu",
    "gemiddeld ambitie",
    "de groep",
    "Groep lager",
    "Vergelijking per stelling",
    "Per stelling uw niveaus naast de gemiddelden (nu → ambitie).",
    "Er zijn nog geen gemeenten met genoeg respondenten om mee te vergelijken.",
    "Alleen gemeenten met minstens %d respondenten worden getoond, zodat niemands antwoorden te herleiden "
    "zijn.",
    "respondenten",
    "Waar het gesprek heen moet",
    "Grootste kloof",
    "Minste overeenstemming",
    "Overeenstemming",
    "IKA",
    "n",
    "Alle stellingen",
    "Per stelling de laatste ronde waarin de groep haar beantwoordde (kolom R). Overeenstemming (Tastle en "
    "Wierman) is 1 als iedereen hetzelfde "
    "antwoordt en 0 bij een groep die verdeeld is tussen de uitersten; IKA is de interkwartielafstand.",
    "Rondes vergeleken",
    "Het gemiddelde per ronde (nu → ambitie): waar schoof de groep na het gesprek?",
    "In deze workshop is één ronde gespeeld.",
    "Ronde",
    "Verschil nu",
    "Afdelingen vergeleken",
    "Gemiddelde huidige situatie per thema, per afdeling met minstens %d deelnemers.",
    "Geen afdeling heeft minstens %d deelnemers die hun afdeling opgaven.",
    "Afdeling",
    "Totaal",
    "gemeente",
    "Voorbeeldrapport",
    "Voorbeeld met verzonnen antwoorden: zo ziet uw persoonlijke rapport eruit.",
    "Routekaart",
    "Waar de groep mee begint: de stellingen in volgorde van prioriteit, met waarom (de kloof, de "
    "overeenstemming in de groep en de stemmen op de acties), en wat de groep per stelling concludeerde.",
    "In deze workshop zijn nog geen acties voorgesteld en geen conclusies vastgelegd.",
    "Prioriteit",
    "Stemmen",
    "Conclusie",
    "Afgesproken acties op de tijdlijn",
    "De acties die de groep afsprak (of al startte of afrondde), per termijn, met wie ze trekt.",
    "Nu",
    "Binnen 1 jaar",
    "1 tot 3 jaar",
    "3 tot 5 jaar",
    "Nog geen termijn",
    "Eigenaar: ",
    "gestart",
    "klaar",
    "en nog %d",
    "De routekaart van uw workshop",
    "Wat de groep afsprak: de stellingen in volgorde van prioriteit, met waarom en de conclusie, en de "
    "afgesproken acties per termijn. Uw eigen voorstellen en stemmen zijn gemarkeerd.",
    "uw voorstel",
    "uw stem",
    "Van wie kunt u leren",
    "Voor uw grootste kloven: gemeenten waar het gemiddelde van nu al op uw ambitie ligt. Vraag hoe zij het "
    "aanpakten.",
    "Voor de grootste kloven van de groep: gemeenten waar het gemiddelde van nu al op de ambitie van de "
    "groep "
    "ligt. Vraag hoe zij het aanpakten.",
    "Gemeenten die er al zijn (gemiddelde nu, aantal)",
    "Nog geen gemeente met genoeg antwoorden op dit niveau.",
    "Alleen gemeenten met ten minste %d respondenten, en evenveel antwoorden op de stelling, worden genoemd.",
    "Groep",
    "Sinds de nulmeting",
    "Vergeleken met \u201c%s\u201d van %s (%d deelnemers): het gemiddelde niveau toen en nu, per thema, de "
    "stellingen die het meest verschoven en waar de acties van toen nu staan.",
    "Nu (toen \u2192 nu)",
    "Ambitie (toen \u2192 nu)",
    "Verschil",
    "Het meest verschoven",
    "De acties van toen",
    "Toen",
    "Nu",
    "afgesproken",
    "vervallen",
    "nog niet besproken",
};

constexpr labels english{
    "SMART CITY SELF ASSESSMENT",
    "Personal report",
    "Workshop report",
    "Page",
    "of",
    "This report puts your view of the current situation beside the situation you want in 3 to 5 years, "
    "for 21 statements in six themes. The difference between the two, the gap, is where the conversation "
    "about a smart city roadmap starts. Where there is enough data, you also see the average of your own "
    "municipality, of two other municipalities and of the whole of the Netherlands.",
    "This report sums up the workshop: where the group stands now, where it wants to be in 3 to 5 years, "
    "how much the participants agree and where the gap is largest. The statements with the largest gap and "
    "the least consensus are the best places to start the roadmap discussion.",
    "Current situation",
    "Desired situation",
    "Gap",
    "Participants",
    "Rounds",
    "You",
    "Now",
    "Ambition",
    "Gap",
    "Theme",
    "Statement",
    "Profile by theme",
    "Mean level per theme (1 to 5). The filled shape is the current situation, the orange line the desired "
    "situation.",
    "The group's mean level per theme (1 to 5). The filled shape is the current situation, the orange line "
    "the desired situation.",
    "Themes compared (now → ambition)",
    "Starting points for your roadmap",
    "The statements with the largest gap between now and 3 to 5 years from now. This is where most has to "
    "move.",
    "You gave no statements with a gap between now and the ambition.",
    "level",
    "What the levels mean",
    "The levels are cumulative: level 3 means that the descriptions of levels 1, 2 and 3 all hold.",
    "Your answers per statement",
    "Your current situation and ambition per statement, beside your municipality's average.",
    "Your current situation and ambition per statement, beside the group's average. 'Group below' is the "
    "share of the group that rates the current situation lower than you.",
    "your current situation",
    "your ambition",
    "average now",
    "average ambition",
    "the group",
    "Group below",
    "Statements compared",
    "Your levels per statement beside the averages (now → ambition).",
    "No municipality has enough respondents to compare with yet.",
    "Only municipalities with at least %d respondents are shown, so that nobody's answers can be derived.",
    "respondents",
    "Where the discussion should go",
    "Largest gap",
    "Least consensus",
    "Consensus",
    "IQR",
    "n",
    "All statements",
    "Each statement as of the latest round in which the group answered it (column R). Consensus (Tastle and "
    "Wierman) is 1 when everyone gives the same answer and "
    "0 for a group split between the extremes; IQR is the interquartile range.",
    "Rounds compared",
    "The mean per round (now → ambition): where did the group move after the discussion?",
    "This workshop ran one round.",
    "Round",
    "Change now",
    "Departments compared",
    "Mean current situation per theme, for each department with at least %d participants.",
    "No department has at least %d participants who gave their department.",
    "Department",
    "Overall",
    "municipality",
    "Sample report",
    "A sample with made-up answers: this is what your personal report looks like.",
    "Roadmap",
    "Where the group starts: the statements in order of priority, with why (the gap, how much the group "
    "agrees and the votes on the actions), and what the group concluded per statement.",
    "No actions were proposed and no conclusions recorded in this workshop yet.",
    "Priority",
    "Votes",
    "Conclusion",
    "Agreed actions on the timeline",
    "The actions the group agreed on (or already started or finished), by horizon, with who leads them.",
    "Now",
    "Within a year",
    "1 to 3 years",
    "3 to 5 years",
    "No horizon yet",
    "Owner: ",
    "started",
    "done",
    "and %d more",
    "Your workshop's roadmap",
    "What the group agreed: the statements in order of priority, with why and the conclusion, and the "
    "agreed actions by horizon. Your own proposals and votes are marked.",
    "your proposal",
    "your vote",
    "Whom to learn from",
    "For your largest gaps: municipalities whose average today already reaches your ambition. Ask them how "
    "they did it.",
    "For the group's largest gaps: municipalities whose average today already reaches the group's ambition. "
    "Ask them how they did it.",
    "Municipalities already there (average now, respondents)",
    "No municipality with enough answers is at this level yet.",
    "Only municipalities with at least %d respondents, and as many answers to the statement, are named.",
    "Group",
    "Since the baseline",
    "Compared with \u201c%s\u201d of %s (%d participants): the average level then and now, per theme, the "
    "statements that moved most, and where the actions agreed then stand now.",
    "Now (then \u2192 today)",
    "Ambition (then \u2192 today)",
    "Change",
    "Moved most",
    "The actions agreed then",
    "Then",
    "Now",
    "agreed",
    "dropped",
    "not discussed yet",
};

}  // namespace

const labels& labels_for(domain::language lang) {
  return lang == domain::language::nl ? dutch : english;
}

}  // namespace scsa::server::report
