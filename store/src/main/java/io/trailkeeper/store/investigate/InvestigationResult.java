package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.List;

/**
 * An investigation's answer.
 *
 * @param name     the investigation
 * @param sections its tables, in the catalogue's order
 * @param notes    the answer in plain sentences (what happened, what cannot be told and what would have told it)
 * @param warnings why the answer may be incomplete: what the store did not collect for the window (coverage)
 */
public record InvestigationResult(String name, List<Table> sections, List<String> notes, List<String> warnings) {
    public InvestigationResult {
        sections = List.copyOf(sections);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** The section of that name; IllegalArgumentException when there is none. */
    public Table section(String sectionName) {
        return sections.stream().filter(t -> t.name().equals(sectionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no section " + sectionName));
    }
}
