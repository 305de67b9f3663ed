// The TLS front a Lambda Function URL (or API Gateway) puts before the function, for the Lambda
// target of the OAuth e2e: `cargo lambda watch` serves plain HTTP, but on Lambda the server
// advertises an https resource URL (https://<Host>/mcp; the platform always terminates TLS), so
// the client talks HTTPS to this front, which passes each request, Host included, to the emulator.
//
// Usage: node tls-front.mjs KEY_PEM CERT_PEM EMULATOR_PORT
// Prints "tls front listening on https://127.0.0.1:PORT" once serving.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const [keyFile, certFile, upstreamPort] = process.argv.slice(2);
if (!upstreamPort) {
  console.error('usage: node tls-front.mjs KEY_PEM CERT_PEM EMULATOR_PORT');
  process.exit(2);
}
const server = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
  const upstream = http.request(
    { host: '127.0.0.1', port: Number(upstreamPort), method: req.method, path: req.url, headers: req.headers },
    (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`tls front: ${err}`);
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log(`tls front listening on https://127.0.0.1:${server.address().port}`));
