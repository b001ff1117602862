package io.cosell.shared.auth;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns Entra ID's OAuth error answers ({@code error}, {@code error_description}) into messages an admin can act on. */
final class EntraErrors {

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
        return new EntraAuthException(status, error, description.isEmpty() ? advice : advice + " Entra said: " + description);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
