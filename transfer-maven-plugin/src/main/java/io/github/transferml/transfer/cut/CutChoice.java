package io.github.transferml.transfer.cut;

import io.github.transferml.transfer.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code <cutPoint>auto</cutPoint>} found: every candidate's figures and the one kept, the
 * best on validation: the highest accuracy, then the lowest loss, then the shallowest cut (a
 * shallower cut keeps fewer blocks, so it is the cheaper model of two equal ones).
 *
 * @param trials the candidates' figures, in network order (shallowest first)
 */
public record CutChoice(List<CutTrial> trials) {

    /** Copies the trials; a choice needs two. */
    public CutChoice {
        trials = List.copyOf(trials);
        if (trials.size() < 2) {
            throw new IllegalArgumentException("A choice needs two trials or more, not " + trials.size());
        }
    }

    /** @return the trial kept */
    public CutTrial chosen() {
        return best(trials);
    }

    /** @return the best of the trials not kept */
    public CutTrial runnerUp() {
        List<CutTrial> rest = new ArrayList<>(trials);
        rest.remove(chosen());
        return best(rest);
    }

    /** The first of the most accurate, lowest-loss trials: the shallowest, as trials come in network order. */
    private static CutTrial best(List<CutTrial> trials) {
        CutTrial best = trials.get(0);
        for (CutTrial trial : trials) {
            if (trial.validationAccuracy() > best.validationAccuracy()
                    || trial.validationAccuracy() == best.validationAccuracy()
                            && trial.validationLoss() < best.validationLoss()) {
                best = trial;
            }
        }
        return best;
    }

    /** @return e.g. {@code Cut point auto chose stage3 (validation accuracy 0.8123 against 0.7410 for features)} */
    public String describe() {
        CutTrial chosen = chosen();
        CutTrial next = runnerUp();
        return String.format(Locale.ROOT, "Cut point auto chose %s (validation accuracy %.4f against %.4f for %s%s)",
                chosen.cutPoint(), chosen.validationAccuracy(), next.validationAccuracy(), next.cutPoint(),
                chosen.validationAccuracy() == next.validationAccuracy()
                        ? String.format(Locale.ROOT, "; loss %.4f against %.4f", chosen.validationLoss(),
                                next.validationLoss())
                        : "");
    }

    /**
     * The choice as {@code transfer.json} records it. The seconds stay out: two builds of the same
     * inputs must give the same archive.
     *
     * @return {@code {"candidates": [...], "chosen": "stage3"}}
     */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (CutTrial trial : trials) {
            Map<String, Object> row = Json.object("cutPoint", trial.cutPoint(), "block", trial.option().name());
            row.put("keep", trial.option().keep());
            row.put("features", trial.features());
            row.put("validationAccuracy", trial.validationAccuracy());
            row.put("validationLoss", trial.validationLoss());
            candidates.add(row);
        }
        return Json.object("candidates", candidates, "chosen", chosen().cutPoint());
    }
}
