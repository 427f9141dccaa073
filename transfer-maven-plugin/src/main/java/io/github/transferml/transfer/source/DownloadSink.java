package io.github.transferml.transfer.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Receives a response body into a file, hashing it on the way and stopping at the size cap. It is a
 * subscriber rather than a blocking stream so that the caller can time out a server that stops
 * sending: a read from the JDK client's body stream has no timeout of its own.
 *
 * <p>The client calls it on its own threads; the caller waits on {@link #done()} and may
 * {@link #close()} it at any time, after which nothing more is written.
 */
final class DownloadSink implements Flow.Subscriber<List<ByteBuffer>> {

    /** Why a body was not received whole; the caller turns it into a message. */
    static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        /** The response's status, when it was not 200. */
        final int status;

        /** The size the server declared, or -1 when the cap was passed while counting. */
        final long declaredLength;

        private Refusal(int status, long declaredLength) {
            super(null, null, false, false);
            this.status = status;
            this.declaredLength = declaredLength;
        }
    }

    private final FileChannel out;
    private final long maxBytes;
    private final MessageDigest sha = newDigest();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long lastActivity = System.nanoTime();
    private int status;
    private long declaredLength = -1;
    private long bytes;
    private Flow.Subscription subscription;
    private boolean closed;

    /**
     * @param out where the body goes
     * @param maxBytes the most bytes it may have
     */
    DownloadSink(FileChannel out, long maxBytes) {
        this.out = out;
        this.maxBytes = maxBytes;
    }

    /** The body handler: called with the status and headers of the final response, after redirects. */
    synchronized HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo info) {
        lastActivity = System.nanoTime();
        status = info.statusCode();
        declaredLength = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return HttpResponse.BodySubscribers.fromSubscriber(this);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else if (status != 200) {
            stop(new Refusal(status, -1)); // the error page is not worth reading
        } else if (declaredLength > maxBytes) {
            stop(new Refusal(status, declaredLength)); // refused before a byte is received
        } else {
            s.request(1);
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        if (closed || done.isDone()) {
            return;
        }
        lastActivity = System.nanoTime();
        try {
            for (ByteBuffer buffer : buffers) {
                if (buffer.remaining() > maxBytes - bytes) { // the bytes past the cap are never written
                    stop(new Refusal(status, -1));
                    return;
                }
                bytes += buffer.remaining();
                sha.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } catch (IOException e) {
            stop(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** Records an error that happened before the body: no connection, a timeout, a redirect loop. */
    void fail(Throwable error) {
        done.completeExceptionally(error);
    }

    /** Completes when the body is received, or exceptionally with a {@link Refusal} or the transport's error. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** When a response header or body byte last arrived, in {@link System#nanoTime()}. */
    long lastActivity() {
        return lastActivity;
    }

    /** The body's SHA-256, once {@link #done()} completed normally. */
    synchronized String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Stops receiving: no byte is written after this returns, so the file may be deleted. */
    synchronized void close() {
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void stop(Throwable why) {
        done.completeExceptionally(why);
        subscription.cancel();
    }
}
