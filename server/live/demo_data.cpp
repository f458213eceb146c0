// Generates the demo plan: every respondent's current level is a per-statement baseline moved by their
// municipality, their department, their own outlook and noise; their desired level adds a per-statement
// gap. The baselines and gaps encode the brief's pattern; the spreads give consensus and split statements.
// A workshop's second round pulls each answer towards the group's round-1 mean, so opinions converge.
// Only + and * on doubles and std::floor are used, so the plan is the same on every conforming platform.
#include "server/live/demo_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <utility>

#include "domain/themes.hpp"

namespace scsa::server {

namespace {

using domain::aspect;
using domain::theme;

// splitmix64 (Steele, Lea and Flood 2014): small, fast, and fully specified, unlike <random>'s distributions.
class prng {
 public:
  explicit prng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1), from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

  // Uniform in [0, n); n > 0. The modulo bias is irrelevant for demo data.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

  bool chance(double p) { return uniform() < p; }

  // Roughly standard normal (mean 0, SD 1): the Irwin-Hall sum of four uniforms, rescaled.
  double normalish() {
    const double sum = uniform() + uniform() + uniform() + uniform();
    return (sum - 2.0) * 1.7320508075688772;
  }

 private:
  std::uint64_t state_;  // the splitmix64 counter
};

// How respondents in general see one statement.
struct statement_profile {
  double current;  // baseline latent current level (an average municipality, before rounding)
  double gap;      // baseline desired - current, in levels
  double spread;   // SD of the current level between respondents: low is consensus, high is split
};

// [statement - 1]. Largest gaps: 2, 7, 14, 19, 20; smallest: 3, 4, 8, 11, 12, 17 (the brief's pattern).
constexpr std::array<statement_profile, domain::statement_count> profiles{{
    {2.3, 1.20, 1.00},   // 1 shared vision: split, the board's vision is not known to everyone
    {1.7, 1.75, 0.65},   // 2 roadmap: large gap
    {1.8, 0.55, 0.55},   // 3 measurement system: small gap
    {2.6, 0.55, 0.50},   // 4 budget control: small gap, consensus
    {1.6, 1.10, 0.65},   // 5 holistic budgets
    {1.9, 1.20, 0.75},   // 6 city-wide governance
    {1.7, 1.75, 0.70},   // 7 procurement for innovation: large gap
    {2.7, 0.65, 0.60},   // 8 informing stakeholders: small gap
    {2.0, 1.15, 0.80},   // 9 co-creation
    {2.1, 1.20, 1.05},   // 10 breaking silos: split
    {3.0, 0.45, 0.45},   // 11 one point of contact: small gap, strong consensus (the KCC exists)
    {2.7, 0.55, 0.60},   // 12 service quality monitoring: small gap
    {1.9, 1.20, 0.70},   // 13 information architecture
    {2.0, 1.85, 0.80},   // 14 handling of data: large gap
    {1.6, 1.20, 0.70},   // 15 data as an asset
    {1.5, 1.15, 1.00},   // 16 open data in real time: split
    {2.6, 0.65, 0.55},   // 17 asset information: small gap
    {1.2, 1.10, 0.40},   // 18 business on reused data: consensus, hardly anyone is there yet
    {1.95, 2.00, 0.95},  // 19 ICT systems: largest gap, split
    {1.5, 1.80, 0.70},   // 20 sensor data: large gap
    {1.2, 1.10, 0.40},   // 21 open data platform: consensus on level 1
}};

// A municipality the demo has respondents in.
struct demo_municipality {
  std::string_view code;  // CBS code
  std::string_view name;  // as it appears in titles
  double maturity;        // added to every current level: larger cities are a bit further
  double ambition;        // added to every gap
  int solo_respondents;   // solo sessions to create
};

constexpr std::array<demo_municipality, 10> municipalities{{
    {"GM0344", "Utrecht", 0.30, 0.10, 9},
    {"GM0307", "Amersfoort", 0.00, 0.00, 7},
    {"GM0193", "Zwolle", -0.05, 0.05, 6},
    {"GM0772", "Eindhoven", 0.45, 0.15, 10},
    {"GM0014", "Groningen", 0.20, 0.05, 8},
    {"GM0796", "'s-Hertogenbosch", 0.10, 0.00, 7},
    {"GM0034", "Almere", 0.10, 0.15, 6},
    {"GM0047", "Veendam", -0.40, -0.10, 2},  // small: too few respondents to compare with
    {"GM0988", "Weert", -0.25, -0.05, 3},
    {"GM0189", "Wierden", -0.45, -0.10, 1},
}};

// A workshop the demo runs, with the municipality as an index into `municipalities`.
struct demo_workshop {
  std::size_t municipality;       // index into municipalities
  std::string_view title;         // as the facilitator typed it
  int participants;               // how many joined
  std::vector<int> second_round;  // statements re-answered in round 2; empty for a single round
  bool revealed;                  // group results shown
  bool close_all;                 // every statement closed (the workshop is over)
};

const std::array<demo_workshop, 3>& workshops() {
  // Utrecht discusses the statements with the largest gaps and least consensus again in a second round.
  static const std::array<demo_workshop, 3> list{{
      {0, "Smart city werksessie gemeente Utrecht", 24, {1, 10, 14, 16, 19}, true, false},
      {1, "Op weg naar een smart city roadmap - Amersfoort", 15, {}, true, true},
      {2, "Smart city werksessie gemeente Zwolle", 12, {}, false, false},
  }};
  return list;
}

constexpr std::array<std::string_view, 10> departments{
    "Ruimtelijke ordening", "Informatievoorziening/ICT",
    "Dienstverlening",      "Financiën",
    "Economische zaken",    "Mobiliteit",
    "Sociaal domein",       "Bestuursondersteuning",
    "Openbare ruimte",      "Communicatie",
};

// How a department's view differs from the rest, per theme: added to the current level and to the gap.
std::pair<double, double> department_bias(std::size_t department, theme t) {
  const std::string_view d = departments[department];
  if (d == "Informatievoorziening/ICT") {
    if (t == theme::technology) return {-0.20, 0.25};  // knows the legacy systems, wants more
    if (t == theme::data) return {-0.10, 0.15};
  }
  if (d == "Dienstverlening" && t == theme::services) return {0.25, 0.0};
  if (d == "Financiën" && t == theme::governance) return {0.20, -0.10};
  if (d == "Bestuursondersteuning" && t == theme::strategy) return {0.25, 0.0};
  if (d == "Economische zaken" && t == theme::data) return {0.0, 0.15};
  if (d == "Mobiliteit" && t == theme::technology) return {0.15, 0.10};  // traffic sensors are familiar
  if (d == "Communicatie" && t == theme::stakeholders) return {0.20, 0.0};
  return {0.0, 0.0};
}

constexpr std::array<std::string_view, 64> first_names{
    "Anouk",   "Bram",   "Charlotte", "Daan",   "Eline",   "Floris",   "Gijs",      "Hanneke",
    "Ilse",    "Jeroen", "Karin",     "Lars",   "Marloes", "Niels",    "Olga",      "Pieter",
    "Quinten", "Roos",   "Sander",    "Tessa",  "Ruben",   "Vera",     "Wouter",    "Yvonne",
    "Zoë",     "Arjen",  "Bregje",    "Coen",   "Dewi",    "Esther",   "Frank",     "Gerda",
    "Hans",    "Inge",   "Joost",     "Kim",    "Lotte",   "Martijn",  "Nienke",    "Oscar",
    "Petra",   "Rik",    "Sanne",     "Thijs",  "Ursula",  "Vincent",  "Willemijn", "Youssef",
    "Fatima",  "Mehmet", "Noor",      "Sevda",  "Jan",     "Marieke",  "Tim",       "Laura",
    "Bas",     "Femke",  "Erik",      "Mirjam", "Stijn",   "Annelies", "Koen",      "Liesbeth",
};

constexpr std::string_view initials = "ABCDEGHJKLMNPRSTVWZ";

int to_level(double latent) {
  return std::clamp(static_cast<int>(std::floor(latent + 0.5)), 1, domain::level_count);
}

std::string name_from(std::size_t first, prng& rng) {
  return std::string(first_names[first]) + " " + initials[rng.below(initials.size())] + ".";
}

std::optional<std::string> pick_department(prng& rng, double none_chance) {
  const auto d = rng.below(departments.size());
  if (rng.chance(none_chance)) return std::nullopt;
  return std::string(departments[d]);
}

std::size_t department_index(const std::optional<std::string>& department) {
  for (std::size_t i = 0; i < departments.size(); ++i)
    if (department && *department == departments[i]) return i;
  return departments.size();
}

// A respondent's round-1 levels: [statement - 1] = {current, desired}, 0 where skipped.
using sheet = std::array<std::array<int, 2>, domain::statement_count>;

sheet first_round(const demo_municipality& where, const std::optional<std::string>& department, prng& rng) {
  const double outlook = 0.35 * rng.normalish();   // some see their organisation rosier than others
  const double ambition = 0.25 * rng.normalish();  // some want more than others
  const std::size_t dept = department_index(department);
  sheet levels{};
  for (std::size_t s = 0; s < levels.size(); ++s) {
    const auto& p = profiles[s];
    const theme t = *domain::theme_of_statement(static_cast<int>(s) + 1);
    const auto [current_bias, gap_bias] =
        dept < departments.size() ? department_bias(dept, t) : std::pair<double, double>{0.0, 0.0};
    const int current =
        to_level(p.current + where.maturity + outlook + current_bias + p.spread * rng.normalish());
    int gap = static_cast<int>(
        std::floor(p.gap + where.ambition + ambition + gap_bias + 0.55 * rng.normalish() + 0.5));
    // Nearly everyone wants at least what they have; a rare respondent expects to slide back a level.
    if (gap < 0) gap = rng.chance(0.25) ? -1 : 0;
    levels[s] = {current, std::clamp(current + gap, 1, domain::level_count)};
  }
  return levels;
}

void append_round(std::vector<demo_answer>& answers, int round, const sheet& levels) {
  for (std::size_t s = 0; s < levels.size(); ++s) {
    const int statement = static_cast<int>(s) + 1;
    if (levels[s][0] != 0) answers.push_back({round, statement, aspect::current, levels[s][0]});
    if (levels[s][1] != 0) answers.push_back({round, statement, aspect::desired, levels[s][1]});
  }
}

// A few workshop participants skip a few statements: both aspects, or only the ambition.
void skip_some(sheet& levels, prng& rng) {
  if (!rng.chance(0.18)) return;
  const std::size_t skips = 1 + rng.below(3);
  for (std::size_t i = 0; i < skips; ++i) {
    auto& cell = levels[rng.below(levels.size())];
    cell[1] = 0;
    if (rng.chance(0.7)) cell[0] = 0;
  }
}

demo_session make_workshop(const demo_workshop& w, prng& rng) {
  const auto& where = municipalities[w.municipality];
  demo_session session{std::string(w.title),
                       std::string(where.code),
                       domain::session_mode::workshop,
                       w.second_round.empty() ? 1 : 2,
                       w.revealed,
                       {},
                       {}};

  // Distinct first names within one workshop: the first draws of a shuffled list.
  std::array<std::size_t, first_names.size()> order{};
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);

  std::vector<sheet> round_one;
  for (int i = 0; i < w.participants; ++i) {
    demo_participant who{name_from(order[static_cast<std::size_t>(i)], rng), pick_department(rng, 0.1), {}};
    sheet levels = first_round(where, who.department, rng);
    skip_some(levels, rng);
    append_round(who.answers, 1, levels);
    round_one.push_back(levels);
    session.participants.push_back(std::move(who));
  }

  if (!w.second_round.empty()) {
    // Whoever answers again moves towards the group's round-1 mean on each re-discussed statement.
    for (std::size_t i = 0; i < session.participants.size(); ++i) {
      if (rng.chance(0.1)) continue;  // not everyone answers again
      for (const int statement : w.second_round) {
        const auto s = static_cast<std::size_t>(statement - 1);
        std::array<int, 2> again{};
        for (std::size_t k = 0; k < 2; ++k) {
          double sum = 0;
          int n = 0;
          for (const auto& other : round_one) {
            if (other[s][k] == 0) continue;
            sum += other[s][k];
            ++n;
          }
          const double mean = n > 0 ? sum / static_cast<double>(n) : 3.0;
          const int own = round_one[i][s][k];
          const double start = own != 0 ? own : mean;
          again[k] = to_level(start + 0.65 * (mean - start) + 0.3 * rng.normalish());
        }
        again[1] = std::max(again[1], again[0]);
        session.participants[i].answers.push_back({2, statement, aspect::current, again[0]});
        session.participants[i].answers.push_back({2, statement, aspect::desired, again[1]});
      }
    }
  }
  // A finished workshop closes everything; one in its second round has closed the statements it left behind.
  for (int statement = 1; statement <= domain::statement_count; ++statement) {
    const bool again =
        std::find(w.second_round.begin(), w.second_round.end(), statement) != w.second_round.end();
    if (w.close_all || (!w.second_round.empty() && !again)) session.closed_statements.push_back(statement);
  }
  return session;
}

demo_session make_solo(const demo_municipality& where, prng& rng) {
  demo_participant who{name_from(rng.below(first_names.size()), rng), pick_department(rng, 0.15), {}};
  append_round(who.answers, 1, first_round(where, who.department, rng));
  return demo_session{"Smart city zelfscan gemeente " + std::string(where.name),
                      std::string(where.code),
                      domain::session_mode::solo,
                      1,
                      false,
                      {},
                      {std::move(who)}};
}

}  // namespace

demo_plan make_demo_plan(std::uint64_t seed) {
  prng rng(seed);
  demo_plan plan;
  for (const auto& w : workshops()) plan.sessions.push_back(make_workshop(w, rng));
  for (const auto& where : municipalities)
    for (int i = 0; i < where.solo_respondents; ++i) plan.sessions.push_back(make_solo(where, rng));
  return plan;
}

std::int64_t demo_start_ms(std::size_t session_index, std::size_t session_count, std::int64_t now_ms) {
  constexpr std::int64_t day = 24LL * 3600 * 1000;
  constexpr std::int64_t hour = 3600LL * 1000;
  // The first session of the plan (a workshop: they come first) started three days ago, each next one a
  // day earlier, all at 09:30 UTC plus a few minutes: the workshops a demo shows are the recent ones, and
  // reports and replays show plausible dates and times.
  const std::int64_t today = now_ms - now_ms % day;
  const auto days_back = static_cast<std::int64_t>(std::min(session_index, session_count)) + 3;
  return today - days_back * day + 9 * hour + hour / 2 + static_cast<std::int64_t>(session_index % 7) * 60000;
}

demo_schedule schedule_demo(const demo_session& session, std::int64_t start_ms) {
  constexpr std::int64_t second = 1000;
  // Small deterministic jitter, so that answers of one statement do not arrive in lockstep.
  auto jitter = [](std::size_t a, std::size_t b, std::int64_t range) {
    const std::uint64_t mixed = (a * 2654435761u) ^ (b * 40503u + 0x9e3779b9u);
    return static_cast<std::int64_t>(mixed % static_cast<std::uint64_t>(range));
  };
  demo_schedule s;
  s.created_ms = start_ms;
  std::int64_t clock = start_ms + 30 * second;
  for (std::size_t p = 0; p < session.participants.size(); ++p) {
    clock += 4 * second + jitter(p, 1, 16 * second);
    s.joined_ms.push_back(clock);
  }
  s.answered_ms.resize(session.participants.size());
  for (std::size_t p = 0; p < session.participants.size(); ++p)
    s.answered_ms[p].resize(session.participants[p].answers.size());
  const bool solo = session.mode == domain::session_mode::solo;
  for (int round = 1; round <= session.rounds; ++round) {
    if (round > 1) {
      clock += 4 * 60 * second;  // the discussion before a new round
      s.round_started_ms.push_back(clock);
    }
    clock += 60 * second;  // the facilitator introduces the round
    for (int statement = 1; statement <= domain::statement_count; ++statement) {
      // A solo respondent reads and answers on their own (about 40 s a statement); a group gets about a
      // minute and a half per statement, each member at their own moment within it.
      const std::int64_t window = solo ? 40 * second : 90 * second;
      std::int64_t latest = clock;
      for (std::size_t p = 0; p < session.participants.size(); ++p) {
        const auto& answers = session.participants[p].answers;
        for (std::size_t a = 0; a < answers.size(); ++a) {
          if (answers[a].round != round || answers[a].statement != statement) continue;
          const std::int64_t base =
              clock + 5 * second + jitter(p, static_cast<std::size_t>(statement), window - 15 * second);
          const std::int64_t at = base + (answers[a].which == domain::aspect::desired ? 6 * second : 0);
          s.answered_ms[p][a] = at;
          latest = std::max(latest, at);
        }
      }
      clock = std::max(clock + window, latest + second);
    }
  }
  s.finished_ms = clock + 2 * 60 * second;
  return s;
}

}  // namespace scsa::server
