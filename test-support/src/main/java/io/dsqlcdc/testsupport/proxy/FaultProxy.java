package io.dsqlcdc.testsupport.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that acts out network faults between the code under test and a real server (PostgreSQL,
 * Kafka): a stalled network ({@link #pause()}), connections reset mid-stream ({@link #cut()}) and a server that
 * cannot be reached ({@link #refuse()}). Point the client at {@code 127.0.0.1:}{@link #port()}.
 */
public final class FaultProxy implements AutoCloseable {
  private enum Mode { FORWARD, PAUSE, REFUSE }

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object modeLock = new Object();
  private Mode mode = Mode.FORWARD;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy on a free loopback port forwarding to {@code targetHost:targetPort}. */
  public static FaultProxy start(String targetHost, int targetPort) {
    try {
      return new FaultProxy(new InetSocketAddress(targetHost, targetPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** The local host clients connect to ({@code 127.0.0.1}). */
  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  /** Stops forwarding bytes in both directions; connections stay open, as in a stalled network. */
  public void pause() {
    setMode(Mode.PAUSE);
  }

  /** Forwards bytes and accepts connections again after {@link #pause()} or {@link #refuse()}. */
  public void resume() {
    setMode(Mode.FORWARD);
  }

  /** Resets every live connection (RST on both sides); the proxy keeps accepting new ones. */
  public void cut() {
    for (Socket socket : sockets) {
      reset(socket);
    }
  }

  /** Resets new connections as soon as they arrive until {@link #resume()}; live ones are left alone. */
  public void refuse() {
    setMode(Mode.REFUSE);
  }

  /** Stops listening and resets every live connection. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing a listening socket has nothing left to release
    }
    // wakes forwarding threads held by pause() so they end with their cut connections
    setMode(Mode.REFUSE);
    cut();
  }

  private void setMode(Mode newMode) {
    synchronized (modeLock) {
      mode = newMode;
      modeLock.notifyAll();
    }
  }

  private Mode mode() {
    synchronized (modeLock) {
      return mode;
    }
  }

  private void awaitForwarding() throws InterruptedException {
    synchronized (modeLock) {
      while (mode == Mode.PAUSE) {
        modeLock.wait();
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (mode() == Mode.REFUSE) {
        reset(client);
        continue;
      }
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 10_000);
    } catch (IOException e) {
      reset(client);
      reset(upstream);
      return;
    }
    sockets.add(client);
    sockets.add(upstream);
    pump(client, upstream, "up");
    pump(upstream, client, "down");
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
          awaitForwarding();
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the peer went away or the connection was cut
      } finally {
        // database and Kafka protocols never half-close, so one side ending ends the connection
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "fault-proxy-" + direction + "-" + port());
    thread.setDaemon(true);
    thread.start();
  }

  private void reset(Socket socket) {
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (SocketException ignored) {
      // already unusable: closing it is all that is left
    }
    closeQuietly(socket);
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to release beyond the closed descriptor
    }
  }
}
