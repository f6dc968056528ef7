package app.recap.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Repairs text that was UTF-8 but got decoded somewhere upstream as a single-byte Windows or ISO code page:
 * "Itâ€™s" back to "It’s", "๐Ÿ’ก" back to "💡". Conservative by construction: a run of characters is replaced
 * only when the bytes they stand for form one complete, valid UTF-8 sequence of a real character, and for the
 * Thai code page only when one of those bytes is outside the Thai letters, so genuine Thai, Latin-1 or
 * Windows-1252 text is left alone.
 */
final class Mojibake {

    /** Characters a Windows-1252 or ISO-8859-1 decoder produces for bytes 0x80-0xFF, mapped back to the byte. */
    private static final Map<Character, Integer> WESTERN = new HashMap<>();
    /**
     * The same for Windows-874 (Thai), where bytes the code page leaves undefined fell back to Windows-1252, as
     * in the seed story ("๐Ÿ’ก" is F0 9F 92 A1).
     */
    private static final Map<Character, Integer> THAI = new HashMap<>();

    static {
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0x80; b <= 0xFF; b++) {
            WESTERN.put((char) b, b); // ISO-8859-1, including the C1 controls
            String windows = new String(new byte[] {(byte) b}, cp1252);
            if (windows.charAt(0) != '\uFFFD') {
                WESTERN.put(windows.charAt(0), b);
            }
            Character thai = thai(b);
            if (thai == null && windows.charAt(0) != '\uFFFD') {
                thai = windows.charAt(0);
            }
            if (thai != null) {
                THAI.put(thai, b);
            }
        }
    }

    private Mojibake() {
    }

    /** The text with mis-decoded UTF-8 repaired; the same instance when there was nothing to repair. */
    static String repair(String text) {
        if (text == null || ascii(text)) {
            return text;
        }
        String current = text;
        // twice-mis-decoded text ("Ã¢â‚¬â„¢") needs a second pass
        for (int pass = 0; pass < 3; pass++) {
            String repaired = repairOnce(current);
            if (repaired.equals(current)) {
                break;
            }
            current = repaired;
        }
        return current.equals(text) ? text : current;
    }

    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String repairOnce(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int consumed = tryAt(text, i, WESTERN, false, out);
            if (consumed == 0) {
                consumed = tryAt(text, i, THAI, true, out);
            }
            if (consumed == 0) {
                out.append(text.charAt(i));
                consumed = 1;
            }
            i += consumed;
        }
        return out.toString();
    }

    /** Appends the repair of the sequence starting at {@code i} and returns the characters it used, or 0. */
    private static int tryAt(String text, int i, Map<Character, Integer> table, boolean thai, StringBuilder out) {
        Integer lead = table.get(text.charAt(i));
        int length = lead == null ? 0 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (length == 0) {
            return 0;
        }
        byte[] bytes = new byte[length];
        bytes[0] = (byte) (int) lead;
        boolean outsideThaiLetters = false;
        int have = 1;
        while (have < length && i + have < text.length()) {
            Integer b = table.get(text.charAt(i + have));
            if (b == null || b < 0x80 || b > 0xBF) {
                break;
            }
            outsideThaiLetters |= b <= 0xA0;
            bytes[have++] = (byte) (int) b;
        }
        if (thai && !outsideThaiLetters) {
            // all Thai letters: genuine Thai, unless it is the remains of an emoji's variation selector (EF B8)
            // right after an emoji this pass just repaired
            boolean afterEmoji = out.length() > 0
                    && Character.getType(out.codePointBefore(out.length())) == Character.OTHER_SYMBOL;
            return afterEmoji && have == 2 && length == 3 && lead == 0xEF && (bytes[1] & 0xff) == 0xB8 ? 2 : 0;
        }
        if (have == length) {
            String decoded = strictUtf8(bytes);
            if (decoded != null && isRealCharacter(decoded.codePointAt(0))) {
                out.append(decoded);
                return length;
            }
            return 0;
        }
        return truncated(bytes, have, out);
    }

    /**
     * A sequence one byte short: decoders that drop the bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F,
     * 0x90, 0x9D) lose the last byte of some characters. Three cases are common enough to recognise: the right
     * double quote (E2 80 9D), whose loss leaves "â€"; the emoji variation selector (EF B8 8F), which only styles
     * the emoji before it; and an emoji (F0 9F ..) whose identity is gone. The quote is restored, the others are
     * dropped rather than left as noise.
     */
    private static int truncated(byte[] bytes, int have, StringBuilder out) {
        int b0 = bytes[0] & 0xff;
        int b1 = have > 1 ? bytes[1] & 0xff : -1;
        if (have == 2 && b0 == 0xE2 && b1 == 0x80) {
            out.append('\u201D');
            return 2;
        }
        if (have == 2 && b0 == 0xEF && b1 == 0xB8) {
            return 2;
        }
        if (have == 3 && b0 == 0xF0 && b1 == 0x9F) {
            return 3;
        }
        return 0;
    }

    private static String strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isRealCharacter(int codePoint) {
        int type = Character.getType(codePoint);
        return codePoint >= 0x80 && type != Character.CONTROL && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE;
    }

    /** Windows-874's character for a byte, or null where the code page leaves it undefined. */
    private static Character thai(int b) {
        return switch (b) {
            case 0x80 -> '\u20AC';
            case 0x85 -> '\u2026';
            case 0x91 -> '\u2018';
            case 0x92 -> '\u2019';
            case 0x93 -> '\u201C';
            case 0x94 -> '\u201D';
            case 0x95 -> '\u2022';
            case 0x96 -> '\u2013';
            case 0x97 -> '\u2014';
            case 0xA0 -> '\u00A0';
            default -> (b >= 0xA1 && b <= 0xDA) || (b >= 0xDF && b <= 0xFB) ? (char) (0x0E00 + b - 0xA0) : null;
        };
    }
}
