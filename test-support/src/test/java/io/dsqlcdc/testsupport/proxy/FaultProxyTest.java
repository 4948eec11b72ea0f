package io.dsqlcdc.testsupport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private ServerSocket echoServer;
  private FaultProxy proxy;

  @BeforeEach
  void startEchoServerBehindProxy() throws IOException {
    echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!echoServer.isClosed()) {
        try {
          Socket socket = echoServer.accept();
          Thread echo = new Thread(() -> echo(socket));
          echo.setDaemon(true);
          echo.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = FaultProxy.start("127.0.0.1", echoServer.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echoServer.close();
  }

  private static void echo(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the client went away
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(proxy.host(), proxy.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] sent = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(sent);
    byte[] received = new byte[sent.length];
    new DataInputStream(socket.getInputStream()).readFully(received);
    return new String(received, StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
    }
  }

  @Test
  void cutResetsLiveConnection() throws IOException {
    try (Socket socket = connect()) {
      roundTrip(socket, "before");

      proxy.cut();

      assertThatThrownBy(() -> {
        roundTrip(socket, "after");
        roundTrip(socket, "again");
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void newConnectionsWorkAfterCut() throws IOException {
    try (Socket first = connect()) {
      roundTrip(first, "before");
      proxy.cut();
    }
    try (Socket second = connect()) {
      assertThat(roundTrip(second, "after")).isEqualTo("after");
    }
  }

  @Test
  void pauseHoldsBytesUntilResume() throws IOException {
    try (Socket socket = connect()) {
      roundTrip(socket, "warm");
      proxy.pause();
      socket.setSoTimeout(500);

      assertThatThrownBy(() -> roundTrip(socket, "held")).isInstanceOf(SocketTimeoutException.class);

      socket.setSoTimeout(5_000);
      proxy.resume();
      byte[] held = new byte[4];
      new DataInputStream(socket.getInputStream()).readFully(held);
      assertThat(new String(held, StandardCharsets.UTF_8)).isEqualTo("held");
    }
  }

  @Test
  void refuseResetsNewConnectionsUntilResume() throws IOException {
    proxy.refuse();
    try (Socket refused = connect()) {
      assertThatThrownBy(() -> roundTrip(refused, "x")).isInstanceOf(IOException.class);
    }

    proxy.resume();

    try (Socket accepted = connect()) {
      assertThat(roundTrip(accepted, "back")).isEqualTo("back");
    }
  }
}
