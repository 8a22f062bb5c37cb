package dev.stagelight.rollout.policy;

import dev.stagelight.rollout.expr.Bindings;
import dev.stagelight.rollout.expr.Expression;
import java.util.ArrayList;
import java.util.List;

/**
 * An effective policy compiled for evaluation over findings bound with {@link FindingFields#SCHEMA}. Rules are split by
 * action and kept in effective order; {@link #evaluate} applies the semantics of {@link Action}: a matching PASS rule
 * exempts the finding, else the first matching FAIL rule fails it, else the first matching WARN rule warns.
 * Immutable and thread-safe.
 */
public final class CompiledPolicy {
    /** {@link #evaluate} result: no rule applies (or a PASS rule exempted the finding). */
    public static final int NONE = -1;

    private final List<EffectiveRule> rules;
    private final Expression[] pass;
    private final Expression[] fail;
    private final int[] failIndex;
    private final Expression[] warn;
    private final int[] warnIndex;

    private CompiledPolicy(List<EffectiveRule> rules) {
        this.rules = List.copyOf(rules);
        List<Expression> p = new ArrayList<>();
        List<Expression> f = new ArrayList<>();
        List<Integer> fi = new ArrayList<>();
        List<Expression> w = new ArrayList<>();
        List<Integer> wi = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i).rule();
            Expression e = Expression.parse(r.condition(), FindingFields.SCHEMA);
            switch (r.action()) {
                case PASS -> p.add(e);
                case FAIL -> {
                    f.add(e);
                    fi.add(i);
                }
                case WARN -> {
                    w.add(e);
                    wi.add(i);
                }
            }
        }
        this.pass = p.toArray(Expression[]::new);
        this.fail = f.toArray(Expression[]::new);
        this.failIndex = fi.stream().mapToInt(Integer::intValue).toArray();
        this.warn = w.toArray(Expression[]::new);
        this.warnIndex = wi.stream().mapToInt(Integer::intValue).toArray();
    }

    public static CompiledPolicy compile(EffectivePolicy policy) {
        return new CompiledPolicy(policy.rules());
    }

    /** The rules in effective order; {@link #evaluate} returns indexes into this list. */
    public List<EffectiveRule> rules() {
        return rules;
    }

    /**
     * The index of the rule that decides this finding (a FAIL rule, else a WARN rule), or {@link #NONE}.
     * {@code evaluations[0]} is increased by the number of rule conditions evaluated.
     */
    public int evaluate(Bindings finding, long[] evaluations) {
        int n = 0;
        try {
            for (Expression e : pass) {
                n++;
                if (e.test(finding)) {
                    return NONE;
                }
            }
            for (int i = 0; i < fail.length; i++) {
                n++;
                if (fail[i].test(finding)) {
                    return failIndex[i];
                }
            }
            for (int i = 0; i < warn.length; i++) {
                n++;
                if (warn[i].test(finding)) {
                    return warnIndex[i];
                }
            }
            return NONE;
        } finally {
            evaluations[0] += n;
        }
    }

    /** True if rule {@code index} fails findings (as opposed to warning). */
    public boolean isFail(int index) {
        return rules.get(index).rule().action() == Action.FAIL;
    }
}
