-- wrk script for bench/serve_bench.sh: every request POSTs one Amplitude
-- HTTP V2 batch of 100 events (the body file named by SERVE_BODY, made by
-- serve_bench.sh) over wrk's keep-alive connections.
local f = assert(io.open(os.getenv("SERVE_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("non200 %d\n", bad))
end
