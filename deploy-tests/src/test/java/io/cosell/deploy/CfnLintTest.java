package io.cosell.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cfn-lint (pre-installed on the project's machines, CI included) checks template.yaml offline: it applies the SAM
 * transform itself and then CloudFormation's resource schemas and rules. No finding is allowed, warnings included.
 */
class CfnLintTest {

    @Test
    void template_yaml_has_no_cfn_lint_findings() {
        // given
        List<String> command = List.of("cfn-lint", "--regions", "eu-west-1", "us-east-1", "--format", "parseable",
                "--", DeployDocuments.repositoryRoot().resolve("template.yaml").toString());

        // when
        Tools.Result result = Tools.run(DeployDocuments.repositoryRoot(), command);

        // then
        assertThat(result.output()).as("cfn-lint findings").isBlank();
        assertThat(result.exitCode()).as("cfn-lint exit code").isZero();
    }

    @Test
    void cfn_lint_reports_a_broken_template() {
        // given: a template whose queue has an impossible visibility timeout (the checker is really checking)
        Path broken = DeployDocuments.workDirectory().resolve("broken.yaml");
        write(broken, """
                AWSTemplateFormatVersion: "2010-09-09"
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      VisibilityTimeout: 99999
                """);

        // when
        Tools.Result result = Tools.run(DeployDocuments.repositoryRoot(),
                List.of("cfn-lint", "--regions", "eu-west-1", "--format", "parseable", "--", broken.toString()));

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("broken.yaml:6:").contains("43200");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
