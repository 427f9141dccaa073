import com.sun.net.httpserver.HttpServer
import java.security.MessageDigest

// Serve the tiny base on 127.0.0.1 for the builds of this scenario (a daemon thread of this JVM).
def base = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip').bytes
def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
server.createContext('/private-bucket/team-a/base-model.zip') { exchange ->
    exchange.sendResponseHeaders(200, base.length)
    exchange.responseBody.write(base)
    exchange.close()
}
server.start()
def sha = MessageDigest.getInstance('SHA-256').digest(base).encodeHex().toString()
def pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('SERVER_PORT', server.address.port as String).replace('BASE_SHA256', sha)
new File(basedir, 'served.properties').text = "port=${server.address.port}\nsha256=${sha}\n"
true
