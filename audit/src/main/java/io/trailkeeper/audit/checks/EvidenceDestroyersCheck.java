package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.audit.Check;
import io.trailkeeper.audit.EvidenceDestroyers;
import io.trailkeeper.audit.EvidenceDestroyers.Destroyer;
import io.trailkeeper.audit.EvidenceDestroyers.TrailEvidence;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * Few principals can destroy a trail's evidence (stop or change the trail, delete its files, their bucket,
 * lifecycle or policy): at most {@value #MAX} besides the break-glass roles and the root user. Conditional
 * permissions count, and say so. The full list is {@link EvidenceDestroyers#of}. An ingesting CloudTrail Lake event
 * data store is judged the same way, on who may delete, update (shorten) or stop it. Without any trail or store,
 * nothing but the event history exists, which nobody can delete: PASS.
 */
public final class EvidenceDestroyersCheck implements Check {
    public static final String ID = "iam_evidence_destroyers_few";
    public static final int MAX = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
        if (snapshot.trails().isEmpty() && EventDataStores.recording(snapshot).isEmpty()) {
            return List.of(Inputs.noTrailNoRisk(ID, snapshot, "nothing beyond the 90-day event history, which nobody"
                    + " can delete"));
        }
        EvidenceDestroyers all = EvidenceDestroyers.of(snapshot, context);
        if (!all.readable()) {
            return List.of(Finding.unknown(ID, snapshot.account(), null, "who may destroy the evidence cannot be"
                    + " told: " + all.unreadable()));
        }
        return all.trails().stream().map(t -> judge(t)).toList();
    }

    private static Finding judge(TrailEvidence evidence) {
        List<Destroyer> few = evidence.besidesBreakGlass();
        String who = few.isEmpty() ? "" : ": " + String.join("; ", few.stream()
                .map(d -> label(d, evidence.actionCount())).toList());
        int conditional = (int) few.stream().filter(d -> d.actions().isEmpty()).count();
        List<String> extra = new ArrayList<>();
        if (conditional > 0) {
            extra.add(conditional + " of them only under conditions");
        }
        if (!evidence.caveats().isEmpty()) {
            extra.add("caveats: " + String.join("; ", evidence.caveats()));
        }
        String text = few.size() + " principal" + (few.size() == 1 ? "" : "s") + " besides the break-glass role(s)"
                + " and the root user can destroy the evidence of " + evidence.subject() + who
                + (extra.isEmpty() ? "" : " (" + String.join("; ", extra) + ")");
        return few.size() > MAX ? Finding.fail(ID, evidence.trailArn(), evidence.region(), text)
                : Finding.pass(ID, evidence.trailArn(), evidence.region(), text);
    }

    private static String label(Destroyer d, int all) {
        String actions = d.actions().size() == all ? "every action" : String.join(", ", d.actions());
        String conditional = d.conditionalActions().isEmpty() ? "" : (actions.isEmpty() ? "" : ", ")
                + "conditionally " + String.join(", ", d.conditionalActions());
        return d.kind() + "/" + d.name() + " (" + actions + conditional + ")";
    }
}
