package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MojibakeTests {

    /** Strings exactly as they appear in the seed story (shared/seed/enriched-story-example.txt). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "๐Ÿ’กAWS AI revenue + custom chips boom | 💡AWS AI revenue + custom chips boom",
            "โšก 30-Second TL;DR | ⚡ 30-Second TL;DR",
            "๐Ÿ”‘ Enhanced Key Takeaways | 🔑 Enhanced Key Takeaways",
            "๐Ÿ“Š Competitor Analysisโ–ธ Show | 📊 Competitor Analysis▸ Show",
            "๐Ÿ”ฎ Future Implications | 🔮 Future Implications",
            "โ€ขAmazon's capital expenditure | •Amazon's capital expenditure"})
    void repairsTheSeedStorysWindows874Mojibake(String broken, String repaired) {
        assertThat(Mojibake.repair(broken)).isEqualTo(repaired);
    }

    @Test
    void repairsSeedSequencesThatLostAByteTheDecoderDropped() {
        // 🧐 lost its last byte (0x90, undefined in both code pages): unknowable, so it goes rather than stays noise
        assertThat(Mojibake.repair("๐ŸงStalecollected in 30m")).isEqualTo("Stalecollected in 30m");
        // 🛠️: the emoji survives, its variation selector (EF B8 8F) lost 0x8F and is dropped
        assertThat(Mojibake.repair("๐Ÿ›\u00a0๏ธ Technical Deep Dive")).isEqualTo("🛠 Technical Deep Dive");
        assertThat(Mojibake.repair("๐Ÿง\u00a0 Deep Insight")).isEqualTo("🧠 Deep Insight");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Itâ€™s here | It’s here",
            "â€œQuotedâ€ words | “Quoted” words",
            "Em â€” dash and â€“ en | Em — dash and – en",
            "CafÃ© crÃ¨me, naÃ¯ve rÃ©sumÃ© | Café crème, naïve résumé",
            "ZÃ¼rich costs 5 â‚¬ | Zürich costs 5 €",
            "Ã¢â‚¬â„¢ twice | ’ twice",
            "Â£5 and Â© 2026 | £5 and © 2026"})
    void repairsUtf8ReadAsWindows1252OrLatin1(String broken, String repaired) {
        assertThat(Mojibake.repair(broken)).isEqualTo(repaired);
    }

    @Test
    void repairsUtf8ReadAsIsoLatin1WithItsC1Controls() {
        assertThat(Mojibake.repair("It\u00e2\u0080\u0099s")).isEqualTo("It’s");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Plain ASCII stays as it is.",
            "Café crème, naïve résumé, Zürich, Ærø, São Paulo",
            "สวัสดีครับ ภาษาไทยที่ถูกต้อง เธอรู้ไหม โดยทั่วไป",
            "Emoji done right: 💡⚡🔑 and “quotes” — dashes",
            "Ñandú, Ørsted, Œuvre, Šibenik",
            "Ã la carte, Â propos, Ð and Þ stand alone",
            "Русский текст и 日本語のテキスト"})
    void leavesCorrectTextAlone(String text) {
        assertThat(Mojibake.repair(text)).isEqualTo(text);
    }

    @Test
    void nullStaysNull() {
        assertThat(Mojibake.repair(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Ã© | é",
            "Ã¿ | ÿ",
            "à¤¨à¤®à¤¨ | नमन",
            "ï¼¡ï¼¢ï¼£ | ＡＢＣ"})
    void repairsTextThatIsNothingButMojibakeAndEveryLeadByteRange(String broken, String repaired) {
        assertThat(Mojibake.repair(broken)).isEqualTo(repaired);
    }

    @Test
    void leavesSequencesThatWouldDecodeToAControlOrPrivateCharacterAsTheyAre() {
        // C2 80 is U+0080, a control; EE 80 80 is U+E000, private use: neither is text anyone wrote
        assertThat(Mojibake.repair("5 Â€")).isEqualTo("5 Â€");
        assertThat(Mojibake.repair("î€€ here")).isEqualTo("î€€ here");
    }
}
