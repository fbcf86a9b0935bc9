package dev.scrapbook.save.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * Records every connection attempt and lets only loopback ones proceed, so no test can reach
 * a real private, metadata or public address whatever the code under test does.
 */
final class LoopbackOnlySockets extends SocketFactory {

    private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    List<InetSocketAddress> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public Socket createSocket() {
        return new RecordingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress target) throws IOException {
        Socket socket = new RecordingSocket();
        socket.connect(target);
        return socket;
    }

    private final class RecordingSocket extends Socket {

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress target = (InetSocketAddress) endpoint;
            attempts.add(target);
            if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
                throw new ConnectException("test sockets only connect to loopback, not " + target);
            }
            super.connect(endpoint, timeout);
        }
    }
}
