package app.recap.bounce.webhook;

import tools.jackson.databind.JsonNode;

/** Reads a provider's JSON field as text: null when absent or JSON null, numbers as their digits. */
final class JsonText {

    private JsonText() {
    }

    static String of(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }
}
