import { it } from "vitest";
import { play } from "./support/history";
it("dbg", async () => {
  const h = JSON.parse(`{"beforeMonthEnd":0,"schedule":60,"horizon":60,"filters":"ignore","entries":[{"at":0,"ms":0,"delay":"very-late","delayMinutes":0,"label":3,"model":0,"cost":{"pico":0},"unreadableTime":false,"success":true,"cached":false}],"runs":[{"skip":false,"api":[],"slowApi":false,"concurrent":false,"seed":0},{"skip":false,"api":[],"slowApi":false,"concurrent":false,"seed":0},{"skip":false,"api":[],"slowApi":false,"concurrent":false,"seed":0},{"skip":false,"api":[],"killAt":7,"slowApi":false,"concurrent":false,"seed":0},{"skip":false,"api":[],"slowApi":false,"concurrent":false,"seed":0},{"skip":false,"api":[],"slowApi":false,"concurrent":false,"seed":0}]}`);
  const orig = (await import("./support/world")).World.prototype.run;
  (await import("./support/world")).World.prototype.run = async function (this: any, o: any, f: any) {
    const ops: string[] = [];
    const r: any = await orig.call(this, o, { ...f, interleave: async (op: string) => { ops.push(op); } });
    console.log(new Date(this.clock).toISOString(), r instanceof Error ? "ERR " + r.message : JSON.stringify(r.windows.map((x:any)=>`${x.kind}:${x.start.slice(11,16)}-${x.end.slice(11,16)}:${x.fresh}:${x.verified}`)), f?.killAt ? ops.join(" | ") : "");
    return r;
  };
  const p = await play(h);
  console.log(p.world.s3.keys());
});
