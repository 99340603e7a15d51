package io.hallmark.server.http;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's TLS connection, writing up to {@value #RECORDS} TLS records per system call instead of one.
 *
 * <p>The JDK's {@link SSLEngine#wrap} makes one record (at most 16 KiB of plaintext, RFC 8446 §5.1) per call, and Jetty
 * sends the network each record as soon as it is made. On a large body (a release image) the kernel's per-write and
 * per-segment work then costs more than the encryption. Here the buffer Jetty encrypts into holds several records, and
 * the connection's {@code wrap} fills it while there is plaintext and room for a whole record, so that one write
 * carries them all. What goes on the wire is unchanged: the same records, in the same order.
 */
final class BatchedSslConnectionFactory extends SslConnectionFactory {
    /** Records per write: three of the largest TLS records stay within the buffer pool's 64 KiB buckets. */
    static final int RECORDS = 3;

    BatchedSslConnectionFactory(SslContextFactory.Server factory, String nextProtocol) {
        super(factory, nextProtocol);
    }

    @Override
    protected SslConnection newSslConnection(Connector connector, EndPoint endPoint, SSLEngine engine) {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBufferPool pool = new ByteBufferPool.Wrapper(connector.getByteBufferPool()) {
            @Override
            public RetainableByteBuffer.Mutable acquire(int size, boolean direct) {
                // only the connection's own network buffers ask for exactly one packet
                return super.acquire(size == packet ? RECORDS * packet : size, direct);
            }
        };
        return new SslConnection(
                pool,
                connector.getExecutor(),
                getSslContextFactory(),
                endPoint,
                engine,
                isDirectBuffersForEncryption(),
                isDirectBuffersForDecryption()) {
            @Override
            protected SSLEngineResult wrap(SSLEngine sslEngine, ByteBuffer[] appOut, ByteBuffer networkOut)
                    throws SSLException {
                SSLEngineResult first = super.wrap(sslEngine, appOut, networkOut);
                SSLEngineResult last = first;
                int consumed = first.bytesConsumed();
                int produced = first.bytesProduced();
                int room = sslEngine.getSession().getPacketBufferSize();
                while (last.getStatus() == SSLEngineResult.Status.OK
                        && last.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                        && last.bytesConsumed() > 0
                        && networkOut.remaining() >= room
                        && remaining(appOut)) {
                    last = super.wrap(sslEngine, appOut, networkOut);
                    consumed += last.bytesConsumed();
                    produced += last.bytesProduced();
                }
                return last == first
                        ? first
                        : new SSLEngineResult(last.getStatus(), last.getHandshakeStatus(), consumed, produced);
            }
        };
    }

    private static boolean remaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
