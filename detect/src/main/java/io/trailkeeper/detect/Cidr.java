package io.trailkeeper.detect;

/** An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2600:1f00::/24}); addresses are parsed without DNS. */
final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The network, or null when the text is not one. A bare address is a network of one. */
    static Cidr parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2) {
            return null;
        }
        byte[] address = address(parts[0]);
        if (address == null) {
            return null;
        }
        int prefix = address.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > address.length * 8) {
                return null;
            }
        }
        return new Cidr(address, prefix);
    }

    boolean contains(String text) {
        byte[] address = address(text); // the value as written: " 10.0.0.1" is no address
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null. */
    static byte[] address(String text) {
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        return ipv4(text);
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            // ASCII digits, no leading zero (010 is octal to some readers, as Python's ipaddress refuses it)
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')
                    || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }

    private static byte[] ipv6(String text) {
        int zone = text.indexOf('%');
        String s = zone >= 0 ? text.substring(0, zone) : text;
        byte[] tail4 = null;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') > lastColon) {
            tail4 = ipv4(s.substring(lastColon + 1));
            if (tail4 == null) {
                return null;
            }
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap >= 0 ? split(s.substring(0, gap)) : split(s);
        String[] tail = gap >= 0 ? split(s.substring(gap + 2)) : new String[0];
        int groups = head.length + tail.length;
        if (groups > 8 || (gap < 0 && groups != 8) || (gap >= 0 && groups > 7)) {
            return null;
        }
        String[] all = new String[8];
        for (int i = 0; i < 8; i++) {
            all[i] = "0";
        }
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            if (all[i].isEmpty() || all[i].length() > 4 || !all[i].matches("[0-9a-fA-F]+")) {
                return null;
            }
            int n = Integer.parseInt(all[i], 16);
            out[2 * i] = (byte) (n >> 8);
            out[2 * i + 1] = (byte) n;
        }
        if (tail4 != null) {
            System.arraycopy(tail4, 0, out, 12, 4);
        }
        return out;
    }

    private static String[] split(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }
}
