package org.opencdp.importer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvSourceTest {

    private static List<RawRow> rows(final byte[] csv) throws IOException {
        try (CsvSource source = CsvSource.open(new ByteArrayInputStream(csv))) {
            final List<RawRow> rows = new ArrayList<>();
            RawRow row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<RawRow> rows(final String csv) throws IOException {
        return rows(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadQuotedCellsWithSeparatorsQuotesAndLineBreaksNumberingRowsByTheirFirstLine() throws IOException {
        // Given a header, a row whose quoted cell spans two lines and holds "" and a comma, and a CRLF row
        final String csv = "id,note\r\n1,\"a \"\"b\"\", c\nd\"\r\n2,plain\r\n";

        // When it is read
        final List<RawRow> rows = rows(csv);

        // Then both rows come whole, numbered by the line they start on
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsEntry("id", "1").containsEntry("note", "a \"b\", c\nd");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).values()).containsEntry("note", "plain");
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    }

    @Test
    void shouldKeepMultiByteTextAndDropAByteOrderMark() throws IOException {
        final byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        final byte[] body = "id,name\n7,Zoë 東京 🎉\n".getBytes(StandardCharsets.UTF_8);
        final byte[] csv = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, csv, 0, bom.length);
        System.arraycopy(body, 0, csv, bom.length, body.length);

        final List<RawRow> rows = rows(csv);

        assertThat(rows.get(0).values()).containsEntry("id", "7").containsEntry("name", "Zoë 東京 🎉");
    }

    @Test
    void shouldRefuseOnlyTheRowThatIsRaggedNotUtf8HoldsAControlCharacterOrAHugeCell() throws IOException {
        final String huge = "x".repeat(CsvSource.MAX_CELL_BYTES + 10);
        final byte[] badUtf8 = "3,\u0000\n".getBytes(StandardCharsets.UTF_8);
        badUtf8[2] = (byte) 0xC3; // a lead byte with no continuation
        final String before = "id,name\n1,a,extra\n2\n";
        final String after = "4,bell\u0007\n5," + huge + "\n6,fine\n";
        final byte[] csv = concat(before.getBytes(StandardCharsets.UTF_8), badUtf8, after.getBytes(StandardCharsets.UTF_8));

        final List<RawRow> rows = rows(csv);

        assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(rows.get(0).problems()).containsExactly("row has 3 cells, the header has 2");
        assertThat(rows.get(1).problems()).containsExactly("row has 1 cells, the header has 2");
        assertThat(rows.get(2).problems()).containsExactly("name: not valid UTF-8");
        assertThat(rows.get(3).problems()).containsExactly("name: control character U+0007");
        assertThat(rows.get(4).problems()).containsExactly("a cell is over 65536 bytes");
        assertThat(rows.get(5).problems()).isEmpty();
        assertThat(rows.get(5).values()).containsEntry("name", "fine");
    }

    @Test
    void shouldRefuseAFileWithoutAUsableHeader() {
        assertThatThrownBy(() -> rows("")).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> rows("id,id\n1,2\n")).isInstanceOf(BadInputException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> rows("id,,x\n")).isInstanceOf(BadInputException.class).hasMessageContaining("empty column name");
    }

    @Test
    void shouldReportAQuoteNeverClosed() throws IOException {
        final List<RawRow> rows = rows("id,name\n1,\"open\n");
        assertThat(rows.get(0).problems()).contains("a quoted cell is not closed before the end of the file");
    }

    private static byte[] concat(final byte[]... parts) {
        int length = 0;
        for (final byte[] p : parts) {
            length += p.length;
        }
        final byte[] all = new byte[length];
        int at = 0;
        for (final byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
