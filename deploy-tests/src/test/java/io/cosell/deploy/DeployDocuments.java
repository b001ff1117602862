package io.cosell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The deploy templates as real parsers read them: {@code template.yaml} decoded and expanded by the AWS SAM translator
 * ({@code scripts/expand-sam.py}), {@code infra/*.tf} and the local modules it calls parsed by HashiCorp's HCL parser
 * ({@code scripts/parse-hcl.mjs}), each module call written out ({@link TerraformModules}).
 * Each is produced once per test JVM under {@code target/deploy}.
 */
final class DeployDocuments {

    static final ObjectMapper JSON = new ObjectMapper();

    private static Deployment sam;
    private static Deployment terraform;
    private static JsonNode samTemplate;
    private static JsonNode infra;

    private DeployDocuments() {
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("cosell.repository.root", "..")).toAbsolutePath().normalize();
    }

    static Path moduleDirectory() {
        return repositoryRoot().resolve("deploy-tests");
    }

    static Path workDirectory() {
        Path work = Path.of(System.getProperty("cosell.deploy.work", "target/deploy")).toAbsolutePath();
        try {
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** template.yaml as written (CodeUri still the local function.zip paths), in JSON. */
    static synchronized JsonNode samTemplate() {
        if (samTemplate == null) {
            expandSam();
        }
        return samTemplate;
    }

    static synchronized Deployment sam() {
        if (sam == null) {
            JsonNode expanded = expandSam();
            sam = SamDeployment.read(samTemplate, expanded);
        }
        return sam;
    }

    static synchronized Deployment terraform() {
        if (terraform == null) {
            terraform = TerraformDeployment.read(TerraformModules.flatten(infra()));
        }
        return terraform;
    }

    /** infra/ as the HCL parser reads it: its files, and the files of each local module it calls. */
    static synchronized JsonNode infra() {
        if (infra == null) {
            Path out = workDirectory().resolve("infra.json");
            Tools.runOrFail(moduleDirectory(), List.of("node", "scripts/parse-hcl.mjs",
                    repositoryRoot().resolve("infra").toString(), out.toString()));
            infra = read(out);
        }
        return infra.deepCopy();
    }

    private static JsonNode expandSam() {
        Path raw = workDirectory().resolve("template.json");
        Path expanded = workDirectory().resolve("template.expanded.json");
        Tools.runOrFail(moduleDirectory(), List.of("python3", "scripts/expand-sam.py",
                repositoryRoot().resolve("template.yaml").toString(), raw.toString(), expanded.toString()));
        samTemplate = read(raw);
        return read(expanded);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
