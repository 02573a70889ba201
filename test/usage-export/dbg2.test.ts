import { it } from "vitest";
import { play } from "./support/history";
it("dbg", async () => {
  const h = JSON.parse(`{"beforeMonthEnd":1562,"schedule":30,"change":{"atRun":3,"schedule":5,"deleteCheckpoint":false},"horizon":30,"filters":"json","entries":[{"at":31,"ms":1,"delay":"late","delayMinutes":999,"label":0,"model":0,"cost":{"pico":0},"unreadableTime":false,"success":true,"cached":false}],"runs":[{"kind":"clean"},{"kind":"clean"},{"kind":"clean"},{"kind":"clean"}]}`);
  const W = (await import("./support/world")).World.prototype;
  const orig = W.run;
  W.run = async function (this: any, o: any, f: any) {
    const r: any = await orig.call(this, o, f);
    console.log(new Date(this.clock).toISOString(), o.exportEveryMinutes, r instanceof Error ? "ERR " + r.message : JSON.stringify(r.windows.map((x:any)=>`${x.kind}:${x.start.slice(11,16)}-${x.end.slice(11,16)}:${x.fresh}`)), JSON.stringify(JSON.parse(this.s3.text("state/environment=sim/checkpoint.json")).recent.map((w: any) => w.start.slice(11,16)+"-"+w.end.slice(11,16)+":"+w.count)));
    return r;
  };
  const p = await play(h);
  console.log(p.world.model.all().map(l => [new Date(l.at).toISOString(), new Date(l.visibleAt).toISOString()]));
});
