declare module "jstat";
