package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.nbns.NbnsBytes.b;
import static org.stormwatch.core.nbns.NbnsBytes.cat;
import static org.stormwatch.core.nbns.NbnsBytes.header;
import static org.stormwatch.core.nbns.NbnsBytes.hex;
import static org.stormwatch.core.nbns.NbnsBytes.label;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names as Wireshark 4.0 shows them, including the illegal ones tshark prints for fuzzed data. */
class NbnsNameTest {

  /** The name of a one-question query whose question name is the given labels. */
  private static NbnsName questionName(byte[] labels) {
    byte[] m = cat(header(1, 0, 1, 0, 0, 0), labels, b(0), hex("0020 0001"));
    return NbnsDecoderTest.decoded(m).firstQuestion().name();
  }

  private static byte[] letters(String s) {
    return label(s);
  }

  @Test
  void trimsTrailingSpacesAndShowsTheSuffixInAngleBrackets() {
    assertThat(NbnsName.of("WORKGROUP", 0x1d, "").toString()).isEqualTo("WORKGROUP<1d>");
    assertThat(NbnsName.of("FILESRV", 0x20, "").toString()).isEqualTo("FILESRV<20>");
    assertThat(NbnsName.of("", 0x20, "").toString()).isEqualTo("<20>");
  }

  @Test
  void showsNonPrintableBytesAsHexAndTheScopeAfterADot() {
    byte[] raw = "\u0001\u0002__MSBROWSE__\u0002\u0001".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(NbnsName.ofBytes(raw, "").toString()).isEqualTo("<01><02>__MSBROWSE__<02><01>");
    assertThat(NbnsName.wildcard().toString())
        .isEqualTo("*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    assertThat(NbnsName.of("VMWINXP", 0x20, "example.com").toString())
        .isEqualTo("VMWINXP<20>.example.com");
  }

  @Test
  void wildcardIsAStarPaddedWithZerosOrSpaces() {
    assertThat(NbnsName.wildcard().isWildcard()).isTrue();
    assertThat(NbnsName.of("*", 0x00, "").isWildcard()).isTrue(); // Samba pads with spaces
    assertThat(NbnsName.of("*", 0x20, "").isWildcard()).isFalse();
    assertThat(NbnsName.of("*SMBSERVER", 0x20, "").isWildcard()).isFalse();
    assertThat(NbnsName.wildcard().firstLevelEncoding()).isEqualTo("CK" + "AA".repeat(15));
  }

  @Test
  void lettersBeyondPDecodeAsWiresharkDecodesThem() {
    // "ZZ" is ((25 << 4) | 25) & 0xff = 0x99 in Wireshark's char arithmetic.
    NbnsName n = questionName(letters("ZZ" + "CA".repeat(14) + "AA"));
    assertThat(n.problem()).isEqualTo(NbnsName.Problem.LETTER_BEYOND_P);
    assertThat(n.toString()).isEqualTo("<99><00>");
  }

  @Test
  void moreThan32LettersKeepTheFirst16Bytes() {
    NbnsName n = questionName(letters("FEEFFDFE" + "CA".repeat(11) + "CA" + "EBEB"));
    assertThat(n.problem()).isEqualTo(NbnsName.Problem.TOO_MANY_LETTERS);
    assertThat(n.toString()).isEqualTo("TEST<20>");
  }

  @Test
  void illegalEncodingsGiveWiresharksTextAndNoBytes() {
    NbnsName first = questionName(letters("1A" + "CA".repeat(15)));
    assertThat(first.toString())
        .isEqualTo(
            "Illegal NetBIOS name (1st character not between A and Z in first-level encoding)");
    assertThat(first.decodable()).isFalse();
    assertThat(first.suffix()).isEqualTo(-1);
    assertThat(first.bytes()).isEmpty();
    assertThat(questionName(letters("A1" + "CA".repeat(15))).toString())
        .isEqualTo(
            "Illegal NetBIOS name (2nd character not between A and Z in first-level encoding)");
    assertThat(questionName(letters("CAC")).toString())
        .isEqualTo("Illegal NetBIOS name (odd number of bytes)");
    assertThat(questionName(letters("CACA")).toString())
        .isEqualTo("Illegal NetBIOS name (2 bytes long)");
    // A dot or a zero byte inside a label ends the letters, as in Wireshark's C string.
    assertThat(questionName(letters("CACA.CACA")).problem()).isEqualTo(NbnsName.Problem.TOO_SHORT);
    assertThat(questionName(letters("CA\u0000A")).toString())
        .isEqualTo("Illegal NetBIOS name (1 bytes long)");
    assertThat(questionName(new byte[0]).problem()).isEqualTo(NbnsName.Problem.FIRST_CHARACTER);
  }

  @Test
  void namesUpTo253ExpandedBytesAreShownLongerOnesAreIllegal() {
    // tshark 4.0 shows a name of 253 expanded bytes and calls one of 254 illegal.
    String encoded = NbnsName.of("HOST", 0x20, "").firstLevelEncoding();
    byte[] x63 = letters("x".repeat(63));
    byte[] first224 = cat(letters(encoded), x63, x63, x63); // 32 + 3 * (1 + 63) = 224 bytes
    NbnsName fits = questionName(cat(first224, letters("x".repeat(28)))); // 224 + 1 + 28
    assertThat(fits.decodable()).isTrue();
    assertThat(fits.scope()).hasSize(253 - 33);
    NbnsName tooLong = questionName(cat(first224, letters("x".repeat(29))));
    assertThat(tooLong.problem()).isEqualTo(NbnsName.Problem.NAME_TOO_LONG);
    assertThat(tooLong.toString())
        .isEqualTo(
            "Illegal NetBIOS name (1st character not between A and Z in first-level encoding)");
  }

  @Test
  void appendsTheSuffixDescriptionForNbRecordsOnly() {
    assertThat(NbnsName.of("WORKGROUP", 0x1d, "").suffixDescription())
        .isEqualTo("Local Master Browser");
    assertThat(NbnsName.of("X", 0x99, "").suffixDescription()).isEqualTo("Unknown");
    NbnsName n = NbnsName.of("GUNNAR", 0x00, "");
    NbnsRdata data = new NbnsRdata.Opaque(0);
    assertThat(new NbnsResourceRecord(n, NbnsTypes.NB, 1, 0, 0, data).wiresharkName())
        .isEqualTo("GUNNAR<00> (Workstation/Redirector)");
    assertThat(new NbnsResourceRecord(n, NbnsTypes.NBSTAT, 1, 0, 0, data).wiresharkName())
        .isEqualTo("GUNNAR<00>");
  }
}
