package app.recap.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the PostgreSQL run of the suite, skips every test with a reason when running as root, where PostgreSQL will
 * not start. Registered through {@code META-INF/services} (the surefire execution enables autodetection).
 */
public class PostgresqlNeedsNonRoot implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestDatabase.isPostgresql() && Postgres.isRoot()) {
            return ConditionEvaluationResult.disabled(
                    "PostgreSQL refuses to run as root: run the tests as a normal user (.ci/run does)");
        }
        return ConditionEvaluationResult.enabled("");
    }
}
