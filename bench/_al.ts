import middy from '@middy/core'; export const h = middy(async()=>1);
