package io.trailkeeper.audit.fix;

/**
 * A value the person deploying the plan supplies (a template parameter, a Terraform variable, a script variable),
 * defaulted from {@link FixOptions} when given there. It stands inside documents where the value goes.
 */
enum UserParam {
    BREAK_GLASS_ROLE_ARN("BreakGlassRoleArn", "break_glass_role_arn", "BREAK_GLASS_ROLE_ARN",
            "The break-glass role's ARN",
            "the only role allowed to delete log files, change the trail bucket's lifecycle or policy, or delete it"),
    ALERT_EMAIL("AlertEmail", "alert_email", "ALERT_EMAIL", "The alert e-mail address",
            "the e-mail address the alarms are sent to");

    final String cloudFormationName;
    final String terraformName;
    final String shellName;
    final String label;
    final String description;

    UserParam(String cloudFormationName, String terraformName, String shellName, String label, String description) {
        this.cloudFormationName = cloudFormationName;
        this.terraformName = terraformName;
        this.shellName = shellName;
        this.label = label;
        this.description = description;
    }

    /** The value given in the options, or null when the deployer must give it. */
    String valueIn(FixOptions options) {
        return this == BREAK_GLASS_ROLE_ARN ? options.breakGlassRoleArn() : options.alertEmail();
    }
}
