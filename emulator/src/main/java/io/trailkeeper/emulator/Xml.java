package io.trailkeeper.emulator;

/** Writes the small XML documents of the query protocols (EC2, STS, IAM) and of S3, with text escaped. */
final class Xml {
    private final StringBuilder out = new StringBuilder(1024);

    Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** Opens an element with an xmlns attribute. */
    Xml open(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
        return this;
    }

    /** Opens an element with attributes, given as name, value, name, value... */
    Xml openWith(String name, String... attributes) {
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        out.append('>');
        return this;
    }

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Text inside the element last opened. */
    Xml text(String text) {
        out.append(escape(text));
        return this;
    }

    /** An element with text content; nothing is written when the text is null. */
    Xml element(String name, Object text) {
        if (text != null) {
            out.append('<').append(name).append('>').append(escape(text.toString())).append("</").append(name)
                    .append('>');
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
