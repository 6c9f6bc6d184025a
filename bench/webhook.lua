-- wrk script: send pre-signed LINE webhook bodies, each one once, split between wrk's threads.
-- Usage: wrk -t T -s bench/webhook.lua URL -- FILE T   (FILE: "signature<TAB>body" per line)
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  requests, i = {}, 0
  local threads, n = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if n % threads == id then
      local sig, body = line:match("([^\t]+)\t(.*)")
      requests[#requests + 1] = wrk.format("POST", "/callback",
        {["Content-Type"] = "application/json", ["X-Line-Signature"] = sig}, body)
    end
    n = n + 1
  end
end

function request()
  i = i + 1
  if i > #requests then
    i = 1  -- out of fresh bodies: repeats are redeliveries, which Chaeng answers without storing
  end
  return requests[i]
end
