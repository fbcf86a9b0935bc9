package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServletRequest;

/** What the HTTP server observation sees as the trace context of an event delivery. */
class CloudEventTraceContextTest {

    private static final String SAVE_TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void offersTheEventsTraceparentWhenTheRequestHasNone() throws Exception {
        MockHttpServletRequest delivery = new MockHttpServletRequest("POST", "/");
        delivery.addHeader("ce-traceparent", SAVE_TRACE);
        delivery.addHeader("ce-tracestate", "scrapbook=1");

        HttpServletRequest seen = filtered(delivery);

        assertThat(seen.getHeader("traceparent")).isEqualTo(SAVE_TRACE);
        assertThat(seen.getHeader("tracestate")).isEqualTo("scrapbook=1");
        assertThat(Collections.list(seen.getHeaderNames())).contains("traceparent");
    }

    @Test
    void aTraceparentOfTheRequestItselfWins() throws Exception {
        MockHttpServletRequest delivery = new MockHttpServletRequest("POST", "/");
        delivery.addHeader("traceparent", "00-11111111111111111111111111111111-2222222222222222-01");
        delivery.addHeader("ce-traceparent", SAVE_TRACE);

        assertThat(filtered(delivery).getHeader("traceparent")).startsWith("00-1111");
    }

    private static HttpServletRequest filtered(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        new CloudEventTraceContext().doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
