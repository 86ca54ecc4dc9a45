package io.trailkeeper.store.investigate;

import java.util.List;
import java.util.Map;

/**
 * One named investigation as the catalogue describes it: what it answers, the argument it needs, the options it
 * takes, its sections and the SQL files behind them. The catalogue file
 * ({@code io/trailkeeper/store/investigations/catalogue.json}) is the source; help texts are written from it.
 *
 * @param name               the name users type: {@code who-deleted}, {@code key}...
 * @param title              one line saying what it answers
 * @param description        what it finds and how, in a paragraph
 * @param subject            the argument's name ({@code RESOURCE}, {@code ACCESS_KEY_ID}...), or null when it takes none
 * @param subjectDescription what the argument may be, or null
 * @param options            the options it takes beyond --since/--until: {@code actor}, {@code key}, {@code ip}, {@code limit}
 * @param defaultLimit       the rows a list section shows when no limit is given
 * @param dataEvents         whether the answer rests on data events (S3 object calls), for the coverage warnings
 * @param scope              the SQL files that gather the investigation's events first (TEMP tables), in order
 * @param fragments          fragment files this investigation's SQL inserts by name
 * @param sections           the tables of the answer, in order
 * @param examples           command lines that show it in use
 */
public record InvestigationSpec(String name, String title, String description, String subject,
                                String subjectDescription, List<String> options, int defaultLimit, boolean dataEvents,
                                List<String> scope, Map<String, String> fragments, List<Section> sections,
                                List<String> examples) {

    /** The options an investigation may take besides --since and --until. */
    public static final List<String> OPTIONS = List.of("actor", "key", "ip", "limit");

    public InvestigationSpec {
        options = List.copyOf(options);
        scope = List.copyOf(scope);
        fragments = Map.copyOf(fragments);
        sections = List.copyOf(sections);
        examples = List.copyOf(examples);
    }

    /**
     * A table of the answer.
     *
     * @param name        the table's name in the output
     * @param description what it holds
     * @param sql         the SQL files behind it: the first gives its rows, the others what the code asks on the way
     * @param capped      whether it is a list of at most --limit rows (else a summary, never cut)
     */
    public record Section(String name, String description, List<String> sql, boolean capped) {
        public Section {
            sql = List.copyOf(sql);
        }
    }

    /** Whether it takes an option ({@code actor}, {@code key}, {@code ip}, {@code limit}). */
    public boolean takes(String option) {
        return options.contains(option);
    }

    /** How it is called: {@code who-deleted RESOURCE [--since TIME] [--until TIME] [--limit N]}. */
    public String usage() {
        StringBuilder b = new StringBuilder(name);
        if (subject != null) {
            b.append(' ').append(subject);
        }
        b.append(" [--since TIME] [--until TIME]");
        for (String option : options) {
            b.append(" [--").append(option).append(' ').append(switch (option) {
                case "actor" -> "ARN|USER";
                case "key" -> "ACCESS_KEY_ID";
                case "ip" -> "IP";
                default -> "N";
            }).append(']');
        }
        return b.toString();
    }
}
