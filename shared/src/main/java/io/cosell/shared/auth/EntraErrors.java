package io.cosell.shared.auth;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Entra ID's OAuth error answers ({@code error}, {@code error_description}) into messages an admin can act on. */
final class EntraErrors {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private EntraErrors() {
    }

    static EntraAuthException explain(int status, JsonNode body, EntraTokenSettings settings) {
        String error = body.path("error").asText("");
        String client = "'" + settings.clientId() + "'";
        String advice = switch (error) {
            case "invalid_client" -> "Entra ID rejected the client secret for client " + client
                    + " (invalid_client). Check that the configured secret is the secret's value (not its id) and "
                    + "that it has not expired.";
            case "unauthorized_client" -> "Entra ID does not know client " + client + " in tenant '"
                    + settings.tenant() + "' (unauthorized_client). Check the client id and the tenant.";
            case "invalid_grant" -> "Entra ID rejected the stored refresh token for client " + client
                    + " (invalid_grant): it expired, was revoked or was already used. A Referrals admin must sign in "
                    + "again to grant consent.";
            case "invalid_scope" -> "Entra ID rejected the scope '" + settings.scope() + "' for client " + client
                    + " (invalid_scope). The scope must be the resource URL followed by /.default.";
            case "" -> "Entra ID answered HTTP " + status + " to the token request of client " + client + ".";
            default -> "Entra ID refused a token for client " + client + " (" + error + ").";
        };
        String description = firstLine(body.path("error_description").asText(""));
        String message = description.isEmpty() ? advice : advice + " Entra said: " + description;
        if ("invalid_grant".equals(error)) {
            return new SignInExpiredException(status, aadsts(body, description), message);
        }
        return new EntraAuthException(status, error, message);
    }

    /** Entra lists its codes in {@code error_codes}; the description starts with {@code AADSTS<code>:}. */
    private static OptionalInt aadsts(JsonNode body, String description) {
        JsonNode codes = body.path("error_codes");
        if (codes.isArray() && !codes.isEmpty() && codes.get(0).canConvertToInt()) {
            return OptionalInt.of(codes.get(0).asInt());
        }
        Matcher code = AADSTS.matcher(description);
        return code.find() ? OptionalInt.of(Integer.parseInt(code.group(1))) : OptionalInt.empty();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
