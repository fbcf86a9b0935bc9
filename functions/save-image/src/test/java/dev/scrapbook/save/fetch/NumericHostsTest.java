package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericHostsTest {

    @ParameterizedTest(name = "{0} is an ambiguous number")
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "127.0.1",
            "017700000001", "127.0.0.1.", "1.2.3.4.5", "93.184.216.034", "256.1.1.1", "example.0x1", "example.7"})
    void treatsHostsEndingInANumberAsNumericButNotCanonical(String host) {
        assertThat(NumericHosts.looksNumeric(host)).isTrue();
        assertThat(NumericHosts.canonicalDottedQuad(host)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is a canonical dotted quad")
    @ValueSource(strings = {"93.184.216.34", "0.0.0.0", "255.255.255.255", "10.0.0.1"})
    void acceptsCanonicalDottedQuads(String host) {
        assertThat(NumericHosts.canonicalDottedQuad(host)).isPresent();
    }

    @ParameterizedTest(name = "{0} is a name")
    @ValueSource(strings = {"example.com", "1password.com", "0x7f.example.com", "cafe.babe", "123.example"})
    void treatsNamesWithDigitsAsNames(String host) {
        assertThat(NumericHosts.looksNumeric(host)).isFalse();
    }
}
