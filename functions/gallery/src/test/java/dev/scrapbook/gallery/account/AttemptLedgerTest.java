package dev.scrapbook.gallery.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptLedgerTest {

    @Test
    void countsAnIpv6ClientByItsSlash64() {
        assertThat(AttemptLedger.addressKey("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(AttemptLedger.addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isEqualTo(AttemptLedger.addressKey("2001:db8:1:2::1"));
        assertThat(AttemptLedger.addressKey("2001:db8:1:3::1")).isNotEqualTo(AttemptLedger.addressKey("2001:db8:1:2::1"));
    }

    @Test
    void countsAnIpv4ClientByItsAddressMappedOrNot() {
        assertThat(AttemptLedger.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(AttemptLedger.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(AttemptLedger.addressKey("192.0.2.8")).isNotEqualTo("192.0.2.7");
    }
}
