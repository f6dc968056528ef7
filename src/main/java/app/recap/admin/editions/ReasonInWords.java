package app.recap.admin.editions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

import app.recap.edition.Steering;
import app.recap.ranking.RankedStory;
import app.recap.ranking.ScoreParts;

/**
 * Why a story sits where it does, in words an editor reads at a glance instead of the ranking's formula: "#2 in
 * Security: very important (0.87), two outlets, fresh; placed below a similar story about ...". The formula stays
 * in the ranking API and, folded, beside these words.
 */
final class ReasonInWords {

    private static final String[] COUNTS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    private ReasonInWords() {
    }

    /**
     * @param position its place in {@code section}, from 1; 0 when the email does not show it
     * @param section  the section that shows it, null when none does
     * @param outlets  the sources that carried it
     * @param titles   the title of another story of the edition, for "similar to"
     */
    static String of(RankedStory ranked, int position, String section, Steering.Pick pick, String pinnedTo,
            int outlets, LongFunction<String> titles) {
        if (pick != null && pick.action() == Steering.Action.DROP) {
            return "dropped by an editor" + by(pick);
        }
        StringBuilder words = new StringBuilder();
        if (section == null) {
            words.append("not shown (below the cut)");
        } else {
            words.append('#').append(position).append(" in ").append(section);
        }
        if (pinnedTo != null) {
            return words.append(": pinned by an editor").append(by(pick)).toString();
        }
        ScoreParts p = ranked.parts();
        List<String> parts = new ArrayList<>();
        parts.add(importance(p.importance()) + " (" + two(p.importance()) + ")");
        parts.add(outlets <= 1 ? "one outlet" : (outlets <= COUNTS.length ? COUNTS[outlets - 1] : outlets) + " outlets");
        parts.add(p.freshness() >= 0.7 ? "fresh" : p.freshness() >= 0.35 ? "from mid-week" : "from early in the week");
        if (p.authority() >= 0.8) {
            parts.add("a trusted source");
        }
        if (p.relevance() < 0.5) {
            parts.add("only loosely about this audience (" + two(p.relevance()) + ")");
        }
        if (p.engagement() > 0.05) {
            parts.add("readers clicked stories like it");
        } else if (p.engagement() < -0.05) {
            parts.add("readers skipped stories like it");
        }
        words.append(": ").append(String.join(", ", parts));
        if (ranked.similarStoryId() != null && ranked.redundancy() >= 0.3) {
            String similar = titles.apply(ranked.similarStoryId());
            words.append("; placed below a similar story").append(similar == null ? "" : " about “" + similar + "”");
        }
        return words.toString();
    }

    private static String importance(double importance) {
        return importance >= 0.8 ? "very important" : importance >= 0.6 ? "important"
                : importance >= 0.4 ? "of some importance" : "minor";
    }

    private static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String by(Steering.Pick pick) {
        return pick == null || pick.by() == null ? "" : " (" + pick.by() + ")";
    }
}
