package io.dsqlcdc.sandbox.pods;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Stands in for a container in pod runner tests: records the args, environment and the config file it was given
 * into launch.txt in its working directory, and answers /readyz on the --http-port it was given.
 */
public final class FakeRuntimeMain {
  public static void main(String[] args) throws IOException {
    List<String> arguments = List.of(args);
    int port = Integer.parseInt(arguments.get(arguments.indexOf("--http-port") + 1));
    String config = Files.readString(Path.of(arguments.get(arguments.indexOf("--config") + 1)));
    Files.writeString(Path.of("launch.txt"), "args=" + arguments + "\nenv=" + new TreeMap<>(System.getenv())
        + "\nconfig=" + config + "\n");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/readyz", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }
}
