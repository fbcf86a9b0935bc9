package dev.scrapbook.gallery.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which address a log-in is counted against. */
class ClientAddressTest {

    private final MockHttpServletRequest request = new MockHttpServletRequest();

    ClientAddressTest() {
        request.setRemoteAddr("10.0.0.7");
        request.addHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
    }

    @Test
    void usesThePeerAddressByDefault() {
        assertThat(ClientAddress.of(request, false)).isEqualTo("10.0.0.7");
    }

    @Test
    void usesTheEntryTheTrustedProxyAppendedNotTheOnesTheClientSent() {
        assertThat(ClientAddress.of(request, true)).isEqualTo("203.0.113.9");
    }

    @Test
    void fallsBackToThePeerWhenTheHeaderIsMissingOrEmpty() {
        MockHttpServletRequest bare = new MockHttpServletRequest();
        bare.setRemoteAddr("10.0.0.8");
        assertThat(ClientAddress.of(bare, true)).isEqualTo("10.0.0.8");
        bare.addHeader("X-Forwarded-For", " , ");
        assertThat(ClientAddress.of(bare, true)).isEqualTo("10.0.0.8");
    }
}
